"""Pages for registry staff at the office."""

from flask import Blueprint

from delivery.models import Role
from delivery.web.access import restrict_blueprint

blueprint = Blueprint("staff", __name__)
restrict_blueprint(blueprint, Role.STAFF, Role.ADMIN)

from delivery.web.staff import (  # noqa: E402,F401
    addresses,
    assign,
    dispatch,
    documents,
    door_visits,
    intake,
    parcels,
    printing,
    reports,
    returns,
    routes,
)
