"""Finding accounts: the signed-in user of a session, while the account is active."""

from delivery.core.database import db
from delivery.models import User


def active_user(user_id: int) -> User | None:
    """Return the user with this id, if the account is still active."""
    user = db.session.get(User, user_id)
    return user if user and user.active else None
