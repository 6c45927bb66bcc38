"""The fields of an account, read and checked one by one; a refusal names the field."""

import re

from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.fields import InvalidField, check_person_name, text_of
from delivery.models import Role

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
SHORTEST_PASSWORD = 10
LONGEST_PASSWORD = 256


class InvalidAccount(DomainError):
    """A field of an account or a token that cannot be accepted."""

    status = 422


def read_username(value: str | None) -> str:
    username = (value or "").strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidAccount(
            _("Use 3 to 64 small letters, digits, dots, dashes or underscores."),
            field="username",
        )
    return username


def read_full_name(value: str | None) -> str:
    try:
        return check_person_name((value or "").strip())
    except InvalidField as error:
        raise InvalidAccount(str(error), field="full_name") from None


OFFICE_ROLES = (Role.STAFF, Role.COURIER, Role.ADMIN)


def read_role(value: str | None, allowed: tuple[Role, ...] = OFFICE_ROLES) -> Role:
    """An office's admin gives office roles; only the command line makes a supervisor."""
    if value not in {role.value for role in allowed}:
        raise InvalidAccount(_("Choose staff, courier or admin."), field="role")
    return Role(value)


def read_password(value: str | None, field: str = "password") -> str:
    password = value or ""
    if len(password) < SHORTEST_PASSWORD:
        raise InvalidAccount(_("Use at least 10 characters."), field=field)
    if len(password) > LONGEST_PASSWORD:
        raise InvalidAccount(_("Use at most 256 characters."), field=field)
    return password


def read_token_name(value: str | None) -> str:
    text = (value or "").strip()
    try:
        name = text_of(100)(text)
    except InvalidField as error:
        raise InvalidAccount(str(error), field="name") from None
    if not name:
        raise InvalidAccount(_("Say what the token is for."), field="name")
    return name
