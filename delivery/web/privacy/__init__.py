"""The admin's privacy pages (UU PDP): the retention period, a person's requests (export,
restrict, erase), and who opened which parcel's personal data."""

from flask import Blueprint

from delivery.models import Role
from delivery.web.access import restrict_blueprint

blueprint = Blueprint("privacy", __name__)
restrict_blueprint(blueprint, Role.ADMIN)

from delivery.web.privacy import routes  # noqa: E402,F401
