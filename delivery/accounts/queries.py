"""Reading accounts: the signed-in user of a session, and an office's accounts and tokens."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import ApiToken, Office, User


def active_user(user_id: int) -> User | None:
    """Return the user with this id, if the account is still active."""
    user = db.session.get(User, user_id)
    return user if user and user.active else None


def office_users(office: Office) -> list[User]:
    """The office's accounts: active ones first, then by role and name."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.office_id == office.id)
            .order_by(User.active.desc(), User.role, User.username)
        )
    )


def office_user(office: Office, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.office_id == office.id else None


def office_tokens(office: Office) -> list[ApiToken]:
    """The tokens of the office's accounts, those still valid first, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .join(User)
            .where(User.office_id == office.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def office_token(office: Office, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user.office_id == office.id else None
