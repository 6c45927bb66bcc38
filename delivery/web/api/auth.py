"""Bearer-token authentication for the API."""

from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from delivery.core.clock import utcnow
from delivery.core.errors import DomainError, NotAllowed
from delivery.core.extensions import db
from delivery.models import ApiToken, Role, User
from delivery.models.user import hash_token


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"


def user_for_bearer_token() -> User:
    """Return the active user whose unrevoked token the request carries."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            _("Send an API token as 'Authorization: Bearer <token>'."), field="Authorization"
        )
    api_token = db.session.scalar(
        db.select(ApiToken).filter_by(token_hash=hash_token(token.strip()), revoked_at=None)
    )
    if api_token is None or not api_token.user.active:
        raise Unauthenticated(_("The API token is unknown or revoked."), field="Authorization")
    api_token.last_used_at = utcnow()
    db.session.commit()
    return api_token.user


def token_required(*roles: Role):
    """Require a valid API token of a user with one of the roles (any role if none given)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            g.api_user = user_for_bearer_token()
            if roles and g.api_user.role not in roles:
                raise NotAllowed(_("This token may not use this endpoint."))
            return view(*args, **kwargs)

        return wrapped

    return decorate
