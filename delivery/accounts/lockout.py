"""Signing in, limited per account as well as per address.

The route's per-address limit stops one machine; guesses spread over many addresses are
stopped here. Each account may fail FREE_FAILURES times in a row; the next failures lock it,
first for FIRST_LOCK, then twice as long after each further failure, up to LONGEST_LOCK.
While locked, the account refuses every password without checking it, and the failures are
not counted. A successful sign-in starts the count again; an administrator can unlock it.
The account's row is locked while a sign-in is judged, so simultaneous guesses all count.
"""

import secrets
from datetime import timedelta
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import User

FREE_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(days=1)
LONGEST_DOUBLING = 11  # 2**11 minutes is longer than a day


def sign_in(username: str, password: str) -> User | None:
    """Return the account if the password is right and the account is open; else count it."""
    user = db.session.scalar(db.select(User).filter_by(username=username).with_for_update())
    if user is None or is_locked(user):
        check_password_hash(stand_in_hash(), password)  # as long as a real check takes
        db.session.rollback()
        return None
    if user.check_password(password) and user.active:
        forget_failures(user)
        return user
    note_failure(user)
    return None


@cache
def stand_in_hash() -> str:
    """A hash no password matches, checked for unknown and locked accounts so that the time an
    answer takes does not tell whether the username exists."""
    return generate_password_hash(secrets.token_urlsafe(32))


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def note_failure(user: User) -> None:
    """Count a wrong password; from FREE_FAILURES on, lock the account for longer each time."""
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= FREE_FAILURES:
        user.locked_until = utcnow() + lock_length(user.failed_sign_ins)
        record_change(
            "user.lock",
            user,
            actor_label="sign-in",
            after={"failed_sign_ins": user.failed_sign_ins, "until": user.locked_until.isoformat()},
        )
    db.session.commit()


def lock_length(failures: int) -> timedelta:
    """How long the failure numbered `failures` locks the account."""
    doublings = min(failures - FREE_FAILURES, LONGEST_DOUBLING)
    return min(FIRST_LOCK * 2**doublings, LONGEST_LOCK)


def clear_lock(user: User) -> None:
    """Forget the account's failed sign-ins and open it, in the caller's transaction."""
    user.failed_sign_ins = 0
    user.locked_until = None


def forget_failures(user: User) -> None:
    """Start counting again after a successful sign-in."""
    if user.failed_sign_ins or user.locked_until:
        clear_lock(user)
    db.session.commit()


def unlock_account(user: User, actor_label: str) -> None:
    """Open a locked account and forget its failures, in the audit trail."""
    record_change(
        "user.unlock",
        user,
        actor_label=actor_label,
        before={
            "failed_sign_ins": user.failed_sign_ins,
            "until": user.locked_until.isoformat() if user.locked_until else None,
        },
        after={"failed_sign_ins": 0, "until": None},
    )
    clear_lock(user)
    db.session.commit()


def lock_state(user: User) -> str:
    """Say, for the user list, whether the account is locked or has recent failures."""
    if is_locked(user):
        return f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC"
    if user.failed_sign_ins:
        return f"{user.failed_sign_ins} failed sign-ins in a row"
    return ""
