"""Bearer-token authentication for the API, and the roles each endpoint admits."""

from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from delivery.accounts.api_tokens import user_of_api_token
from delivery.core.errors import DomainError, NotAllowed
from delivery.models import Role, User

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


class Unauthenticated(DomainError, status=401, code="unauthenticated"):
    """A request without a valid API token."""


def user_for_bearer_token() -> User:
    """Return the active user whose unrevoked token the request carries."""
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            _("Send an API token as 'Authorization: Bearer <token>'."), field="Authorization"
        )
    user = user_of_api_token(token.strip())
    if user is None:
        raise Unauthenticated(_("The API token is unknown or revoked."), field="Authorization")
    return user


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
