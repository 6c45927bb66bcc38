"""The JSON API for integrators (Bearer API tokens) and for the carrier's webhooks."""

from flask import Blueprint
from werkzeug.routing import BaseConverter

blueprint = Blueprint("api", __name__)


class TrackingCodeConverter(BaseConverter):
    """A tracking code as typed in a path: never an action's word, so /parcels/pack is not one."""

    regex = r"(?!pack$)[^/]+"


blueprint.record_once(
    lambda state: state.app.url_map.converters.setdefault("code", TrackingCodeConverter)
)

from delivery.web.api import (  # noqa: E402,F401
    carrier,
    dispatches,
    docs,
    documents,
    labels,
    office_work,
    openapi,
    parcels,
    reports,
    routes,
    tracking,
)
