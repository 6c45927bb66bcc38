"""The user an API token acts as: only an unrevoked token of an active user, its use noted."""

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.replica import write_not_read_back
from delivery.models import ApiToken, User
from delivery.models.user import hash_token


def user_of_api_token(token: str) -> User | None:
    """Return the active user whose unrevoked token this is, and note the token's use."""
    api_token = db.session.scalar(
        db.select(ApiToken).filter_by(token_hash=hash_token(token), revoked_at=None)
    )
    if api_token is None or not api_token.user.active:
        return None
    api_token.last_used_at = utcnow()
    with write_not_read_back():  # what the request reads next may still come from a replica
        db.session.commit()
    return api_token.user
