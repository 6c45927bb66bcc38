"""Checking the person at the door: a one-time code sent to the resident, or NIK digits.

The one-time code is made in the message job and kept only as a keyed hash (HMAC-SHA256 with the
app's secret key, which is not in the database): a slow password hash would cost a national day's
messages hours of CPU, and a six-digit code's guard is the lock after a few wrong tries, not the
hash. Codes hashed before that still check against their older hash. Wrong codes are counted
(a row per phone record, so a record the phone sends again counts once); at the office's limit
the parcel is locked until staff unlock it.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.security import check_password_hash

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.doorstep.form import InvalidVisit, read_code
from delivery.models import Parcel, User, VerificationMethod, WrongCode

CODE_DIGITS = {VerificationMethod.ONE_TIME_CODE: 6, VerificationMethod.NIK_LAST_DIGITS: 4}
KEYED_HASH = "hmac-sha256$"


class ParcelLocked(Conflict):
    status = 423
    code = "locked"


def new_one_time_code(parcel: Parcel) -> str:
    """Give the parcel a fresh code, keep only its hash, and return the plain code once."""
    code = f"{secrets.randbelow(10**6):06d}"
    parcel.one_time_code_hash = keyed_hash(parcel, code)
    return code


def keyed_hash(parcel: Parcel, code: str) -> str:
    """The code's HMAC under the app's secret key, bound to the parcel's own QR token."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{parcel.qr_token}:{code}".encode()
    return KEYED_HASH + hmac.new(key, message, hashlib.sha256).hexdigest()


def one_time_code_matches(parcel: Parcel, code: str) -> bool:
    stored = parcel.one_time_code_hash
    if not stored:
        return False
    if stored.startswith(KEYED_HASH):
        return hmac.compare_digest(stored, keyed_hash(parcel, code))
    return check_password_hash(stored, code)


def code_matches(parcel: Parcel, code: str) -> bool:
    """Tell whether the code is the parcel's one-time code or a holder's last NIK digits."""
    if parcel.office.verification_method == VerificationMethod.NIK_LAST_DIGITS:
        return any(hmac.compare_digest(doc.holder_nik[-4:], code) for doc in parcel.documents)
    return one_time_code_matches(parcel, code)


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
    """Count a wrong code once per phone record, lock at the limit, and commit.

    The caller holds the parcel's row lock, so two phones sending the same record take turns."""
    if already_counted(parcel, client_event_id):
        return
    db.session.add(
        WrongCode(parcel_id=parcel.id, client_event_id=client_event_id, courier_id=courier.id)
    )
    parcel.verification_failures += 1
    record_change(
        "parcel.verification_failed",
        parcel,
        actor=courier,
        after={"client_event_id": client_event_id, "failures": parcel.verification_failures},
    )
    if parcel.verification_failures >= max_tries():
        parcel.locked_at = utcnow()
        record_change("parcel.locked", parcel, actor=courier, after={"locked": True})
    db.session.commit()


def already_counted(parcel: Parcel, client_event_id: str) -> bool:
    """Tell whether the wrong code of this phone record was counted for the parcel."""
    return db.session.scalar(
        db.select(
            db.select(WrongCode.id)
            .filter_by(parcel_id=parcel.id, client_event_id=client_event_id)
            .exists()
        )
    )


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
