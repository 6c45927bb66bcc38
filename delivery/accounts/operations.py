"""Creating and switching off accounts, resetting passwords, issuing and revoking API tokens;
each change in the audit trail. No password or token is ever stored or audited in plain."""

import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.accounts.form import (
    OFFICE_ROLES,
    InvalidAccount,
    read_full_name,
    read_password,
    read_role,
    read_token_name,
    read_username,
)
from delivery.accounts.lockout import clear_lock
from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.models import ApiToken, Office, Role, User


def create_user(
    office: Office,
    username: str | None,
    full_name: str | None,
    role: str | None,
    password: str | None,
    *,
    actor: User | None = None,
    actor_label: str | None = None,
    must_change_password: bool = False,
    allowed_roles: tuple[Role, ...] = OFFICE_ROLES,
    supervised_province: str | None = None,
) -> User:
    """Create a staff member, courier or admin of the office (or, from the command line, a
    supervisor of a province or of the whole country)."""
    username = read_username(username)
    user = User(
        username=username,
        full_name=read_full_name(full_name),
        role=read_role(role, allowed_roles),
        office=office,
        must_change_password=must_change_password,
        supervised_province=supervised_province if role == Role.SUPERVISOR else None,
    )
    user.set_password(read_password(password))
    if db.session.scalar(sa.select(User.id).filter_by(username=username)):
        raise Conflict(_("The username %(name)s is taken.", name=username), field="username")
    db.session.add(user)
    db.session.flush()
    after = {"username": username, "role": user.role.value, "office": office.code}
    record_change("user.create", user, after=after, actor=actor, actor_label=actor_label)
    db.session.commit()
    return user


def set_active(user: User, active: bool, actor: User) -> None:
    """Switch an account off (it can no longer sign in or use its tokens) or on again."""
    if user.id == actor.id and not active:
        raise Conflict(_("You cannot switch off your own account."), field="username")
    if user.active == active:
        return
    record_change(
        "user.activate" if active else "user.deactivate",
        user,
        actor=actor,
        before={"active": user.active},
        after={"active": active},
    )
    user.active = active
    db.session.commit()


def reset_password(user: User, actor: User) -> str:
    """Give the account a temporary password, returned once; the user must choose a new one
    at the next sign-in. A lock after failed sign-ins is lifted."""
    temporary = "-".join(secrets.token_hex(3) for _ in range(3))
    user.set_password(temporary)
    record_change(
        "user.password_reset",
        user,
        actor=actor,
        before={"must_change_password": user.must_change_password},
        after={"must_change_password": True},
    )
    user.must_change_password = True
    clear_lock(user)
    db.session.commit()
    return temporary


def change_own_password(user: User, current: str, new: str, repeated: str) -> None:
    """Let a signed-in user choose a new password, knowing the one they signed in with."""
    if not user.check_password(current or ""):
        raise InvalidAccount(_("The current password is wrong."), field="current_password")
    new = read_password(new, field="new_password")
    if new != repeated:
        raise InvalidAccount(_("The two new passwords differ."), field="repeat_password")
    if user.check_password(new):
        raise InvalidAccount(_("Choose a password you have not used here."), field="new_password")
    user.set_password(new)
    record_change(
        "user.password_changed",
        user,
        actor=user,
        before={"must_change_password": user.must_change_password},
        after={"must_change_password": False},
    )
    user.must_change_password = False
    db.session.commit()


def issue_token(
    user: User, name: str | None, *, actor: User | None = None, actor_label: str | None = None
) -> str:
    """Issue an API token acting as the user; the plain token is returned once."""
    if user.role == Role.COURIER:
        raise InvalidAccount(_("Couriers do not use API tokens."), field="user")
    token, plain = ApiToken.issue(user, read_token_name(name))
    db.session.add(token)
    db.session.flush()
    after = {"user": user.username, "name": token.name, "hint": token.hint}
    record_change("token.create", token, after=after, actor=actor, actor_label=actor_label)
    db.session.commit()
    return plain


def revoke_token(token: ApiToken, *, actor: User | None = None, actor_label: str | None = None):
    """Revoke a token at once; revoking it twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    record_change(
        "token.revoke",
        token,
        actor=actor,
        actor_label=actor_label,
        before={"revoked": False},
        after={"revoked": True, "user": token.user.username, "hint": token.hint},
    )
    db.session.commit()
