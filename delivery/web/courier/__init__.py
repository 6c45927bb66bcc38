"""Pages for couriers on their round, phone first, working without signal once loaded."""

from flask import Blueprint

from delivery.models import Role
from delivery.web.access import restrict_blueprint

blueprint = Blueprint("courier", __name__)
restrict_blueprint(blueprint, Role.COURIER)

from delivery.web.courier import (  # noqa: E402,F401
    answers,
    doorstep,
    offline,
    resident_notes,
    routes,
    scan,
)
