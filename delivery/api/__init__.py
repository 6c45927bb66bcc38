"""The JSON API for integrators (Bearer API tokens) and for the carrier's webhooks."""

from flask import Blueprint

blueprint = Blueprint("api", __name__)

from delivery.api import (  # noqa: E402,F401
    carrier,
    dispatches,
    documents,
    labels,
    openapi,
    parcels,
    routes,
    tracking,
)
