"""Pages for registry staff at the office."""

from flask import Blueprint

from delivery.access import restrict_blueprint
from delivery.models import Role

blueprint = Blueprint("staff", __name__)
restrict_blueprint(blueprint, Role.STAFF, Role.ADMIN)

from delivery.staff import (  # noqa: E402,F401
    assign,
    dispatch,
    documents,
    door_visits,
    intake,
    parcels,
    printing,
    returns,
    routes,
)
