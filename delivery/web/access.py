"""Who may open which blueprint."""

from flask import Blueprint, abort
from flask_login import current_user

from delivery.core.extensions import login_manager
from delivery.models import Role


def restrict_blueprint(blueprint: Blueprint, *roles: Role) -> None:
    """Require a signed-in user with one of the roles on every view of the blueprint."""

    @blueprint.before_request
    def require_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None
