"""Sign-in and sign-out for staff and couriers."""

from flask import Blueprint

from delivery.accounts.queries import active_user
from delivery.models import User

blueprint = Blueprint("auth", __name__)


def load_user_from_session(user_id: str) -> User | None:
    """Give Flask-Login the signed-in user, if still active."""
    return active_user(int(user_id))


from delivery.web.auth import password, routes  # noqa: E402,F401  (they attach to the blueprint)
