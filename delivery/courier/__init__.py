"""Pages for couriers on their round, phone first."""

from flask import Blueprint

from delivery.access import restrict_blueprint
from delivery.models import Role

blueprint = Blueprint("courier", __name__)
restrict_blueprint(blueprint, Role.COURIER)

from delivery.courier import routes  # noqa: E402,F401
