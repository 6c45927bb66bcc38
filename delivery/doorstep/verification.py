"""Checking the person at the door: a one-time code sent to the resident, or NIK digits.

The one-time code is made in the message job and kept only as a hash. Wrong codes are counted
(each phone event once); at the office's limit the parcel is locked until staff unlock it.
"""

import hmac
import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.security import check_password_hash, generate_password_hash

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.doorstep.form import InvalidVisit, read_code
from delivery.models import AuditEntry, Parcel, User, VerificationMethod

CODE_DIGITS = {VerificationMethod.ONE_TIME_CODE: 6, VerificationMethod.NIK_LAST_DIGITS: 4}
WRONG_CODE_ACTION = "parcel.verification_failed"


class ParcelLocked(Conflict):
    status = 423
    code = "locked"


def new_one_time_code(parcel: Parcel) -> str:
    """Give the parcel a fresh code, keep only its hash, and return the plain code once."""
    code = f"{secrets.randbelow(10**6):06d}"
    parcel.one_time_code_hash = generate_password_hash(code)
    return code


def code_matches(parcel: Parcel, code: str) -> bool:
    """Tell whether the code is the parcel's one-time code or a holder's last NIK digits."""
    if parcel.office.verification_method == VerificationMethod.NIK_LAST_DIGITS:
        return any(hmac.compare_digest(doc.holder_nik[-4:], code) for doc in parcel.documents)
    return bool(parcel.one_time_code_hash) and check_password_hash(parcel.one_time_code_hash, code)


def verify_receiver(parcel: Parcel, typed: str | None, client_event_id: str, courier: User) -> str:
    """Check the receiver's code; count a wrong one (committed) and refuse; return the method."""
    check_not_locked(parcel)
    method = parcel.office.verification_method
    code = read_code(typed, CODE_DIGITS[method])
    if method == VerificationMethod.ONE_TIME_CODE and not parcel.one_time_code_hash:
        raise Conflict(
            _("No one-time code has been sent for this parcel yet. Take it onto your round first."),
            field="code",
        )
    if code_matches(parcel, code):
        return method.value
    count_wrong_code(parcel, client_event_id, courier)
    check_not_locked(parcel)
    tries_left = max_tries() - parcel.verification_failures
    raise InvalidVisit(
        ngettext(
            "Wrong code. %(num)d try left before the parcel is locked.",
            "Wrong code. %(num)d tries left before the parcel is locked.",
            tries_left,
        ),
        field="code",
    )


def max_tries() -> int:
    return current_app.config["VERIFICATION_MAX_TRIES"]


def check_not_locked(parcel: Parcel) -> None:
    if parcel.locked_at is not None:
        raise ParcelLocked(
            _(
                "This parcel is locked after too many wrong codes. The office has been told; "
                "ask them to unlock it."
            ),
            field="code",
        )


def count_wrong_code(parcel: Parcel, client_event_id: str, courier: User) -> None:
    """Count a wrong code once per phone event, lock at the limit, and commit."""
    if client_event_id in wrong_code_events(parcel):
        return
    parcel.verification_failures += 1
    record_change(
        WRONG_CODE_ACTION,
        parcel,
        actor=courier,
        after={"client_event_id": client_event_id, "failures": parcel.verification_failures},
    )
    if parcel.verification_failures >= max_tries():
        parcel.locked_at = utcnow()
        record_change("parcel.locked", parcel, actor=courier, after={"locked": True})
    db.session.commit()


def wrong_code_events(parcel: Parcel) -> set[str]:
    """The phone events whose wrong code was already counted for the parcel."""
    entries = db.session.scalars(
        db.select(AuditEntry.after).where(
            AuditEntry.object_type == "parcel",
            AuditEntry.object_id == str(parcel.id),
            AuditEntry.action == WRONG_CODE_ACTION,
        )
    )
    return {entry["client_event_id"] for entry in entries if entry}


def unlock(parcel: Parcel, actor: User) -> None:
    """Let couriers try codes again on a locked parcel (staff only)."""
    if parcel.locked_at is None:
        return
    record_change(
        "parcel.unlocked",
        parcel,
        actor=actor,
        before={"failures": parcel.verification_failures},
        after={"locked": False},
    )
    parcel.locked_at = None
    parcel.verification_failures = 0
    db.session.commit()


def locked_parcels(office_id: int) -> list[Parcel]:
    """The office's parcels locked after too many wrong codes, latest first."""
    return list(
        db.session.scalars(
            db.select(Parcel)
            .where(Parcel.office_id == office_id, Parcel.locked_at.is_not(None))
            .order_by(Parcel.locked_at.desc())
        )
    )
