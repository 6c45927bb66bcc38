"""Pages for supervisors of a province or of the whole country: every office's figures side by
side, and nothing about any person."""

from flask import Blueprint

from delivery.models import Role
from delivery.web.access import restrict_blueprint

blueprint = Blueprint("supervisor", __name__)
restrict_blueprint(blueprint, Role.SUPERVISOR)

from delivery.web.supervisor import routes  # noqa: E402,F401
