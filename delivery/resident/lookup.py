"""Residents look up their parcel with a tracking code (or application reference) and a birth date.

The birth date of one of the parcel's document holders is the second factor: the holder's NIK
carries it as six digits (DDMMYY, with 40 added to the day for women), so day, month and year
modulo 100 are compared. A wrong code, a wrong birth date and a cancelled parcel all take the
same path and give the same answer (None), so the answer never tells which half was wrong.
"""

import operator
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa

from delivery.core.database import db
from delivery.core.replica import may_lag
from delivery.models import (
    DeliveryAttempt,
    Document,
    EventOutcome,
    Office,
    Parcel,
    ParcelStatus,
    TrackingEvent,
)
from delivery.resident.view import OFFICE_FIELDS, ResidentView, resident_view


class Identifier(NamedTuple):
    """What the resident typed: a tracking code (normalized), or else an application reference."""

    text: str
    is_tracking_code: bool


class TrackingRequest(NamedTuple):
    identifier: Identifier
    birth_date: date


PARCEL, DOCUMENT, OFFICE = Parcel.__table__, Document.__table__, Office.__table__
EVENT, ATTEMPT = TrackingEvent.__table__, DeliveryAttempt.__table__


def lookup(named: sa.ColumnElement[bool]) -> sa.CompoundSelect:
    """Everything the answer needs about the parcel a resident may see, in one statement.

    The parcel is chosen in the database: the newest one the code or reference names that is
    not cancelled and has a document holder born on the given day (the NIK's six birth digits,
    `born_man` or `born_woman`). So no NIK leaves the database, and a wrong code and a wrong
    birth date do the same work and get the same nothing back. For that parcel it returns a row
    per document holder (with the parcel and its office), one per applied event and one per
    handover at the door or the counter, in no particular order; a failed attempt reported too
    late to move the parcel comes as a `late_failure` row, as it still counts. Columns a kind of
    row does not have are NULL."""
    holder_born_then = sa.exists().where(
        DOCUMENT.c.parcel_id == PARCEL.c.id,
        sa.func.substr(DOCUMENT.c.holder_nik, 7, 6).in_(
            [sa.bindparam("born_man"), sa.bindparam("born_woman")]
        ),
    )
    chosen = (
        sa.select(
            PARCEL.c.id,
            PARCEL.c.office_id,
            PARCEL.c.created_at,
            PARCEL.c.status,
            PARCEL.c.tracking_code,
            PARCEL.c.status_changed_at,
            PARCEL.c.failed_attempts,
            PARCEL.c.village,
            PARCEL.c.district,
        )
        .where(named, PARCEL.c.status != ParcelStatus.CANCELLED, holder_born_then)
        .order_by(PARCEL.c.id.desc())
        .limit(1)
        .cte("chosen")
    )
    holders = sa.select(
        sa.literal_column("'holder'").label("kind"),
        chosen.c.created_at.label("moment"),
        DOCUMENT.c.id.label("row_id"),
        chosen.c.status,
        sa.type_coerce(sa.null(), ATTEMPT.c.reason.type).label("reason"),
        sa.type_coerce(sa.null(), ATTEMPT.c.receiver_relation.type).label("relation"),
        DOCUMENT.c.holder_name,
        chosen.c.tracking_code,
        chosen.c.status_changed_at,
        chosen.c.failed_attempts,
        chosen.c.village,
        chosen.c.district,
        *(OFFICE.c[name].label(f"office_{name}") for name in OFFICE_FIELDS),
    ).select_from(
        chosen.join(DOCUMENT, DOCUMENT.c.parcel_id == chosen.c.id).join(
            OFFICE, OFFICE.c.id == chosen.c.office_id
        )
    )
    parcel_only = [sa.null()] * (6 + len(OFFICE_FIELDS))
    events = sa.select(
        sa.case(
            (EVENT.c.outcome == EventOutcome.APPLIED, sa.literal_column("'event'")),
            else_=sa.literal_column("'late_failure'"),
        ),
        EVENT.c.occurred_at,
        EVENT.c.id,
        EVENT.c.status,
        EVENT.c.reason,
        sa.null(),
        *parcel_only,
    ).select_from(chosen.join(EVENT, EVENT.c.parcel_id == chosen.c.id))
    handovers = sa.select(
        sa.literal_column("'delivered'"),
        ATTEMPT.c.occurred_at,
        ATTEMPT.c.id,
        sa.null(),
        ATTEMPT.c.reason,
        ATTEMPT.c.receiver_relation,
        *parcel_only,
    ).select_from(chosen.join(ATTEMPT, ATTEMPT.c.parcel_id == chosen.c.id))
    late_failure = sa.and_(
        EVENT.c.status == ParcelStatus.ATTEMPT_FAILED, EVENT.c.outcome == EventOutcome.STALE
    )
    statement = sa.union_all(
        holders,
        events.where(sa.or_(EVENT.c.outcome == EventOutcome.APPLIED, late_failure)),
        handovers.where(ATTEMPT.c.delivered),
    )
    return statement


# How a code and a reference name a parcel, and the lookup by each (see naming_parameters).
NAMED_BY_CODE = PARCEL.c.tracking_code == sa.bindparam("code")
NAMED_BY_REFERENCE = PARCEL.c.id.in_(
    sa.select(DOCUMENT.c.parcel_id).where(
        DOCUMENT.c.application_ref.in_([sa.bindparam("typed"), sa.bindparam("upper")])
    )
)
LOOKUP_BY_CODE = lookup(NAMED_BY_CODE)
LOOKUP_BY_REFERENCE = lookup(NAMED_BY_REFERENCE)


@may_lag
def find_parcel_for_resident(request: TrackingRequest) -> ResidentView | None:
    """Return what the resident may see, or None for a wrong code, a wrong birth date or both."""
    rows = lookup_rows(request.identifier, request.birth_date)
    holders = sorted((row for row in rows if row.kind == "holder"), key=ROW_ID)
    if not holders:
        return None
    history = sorted((row for row in rows if row.kind != "holder"), key=IN_TIME_ORDER)
    return resident_view(holders, history)


ROW_ID = operator.attrgetter("row_id")
IN_TIME_ORDER = operator.attrgetter("moment", "row_id")


def lookup_rows(identifier: Identifier, born: date) -> list[sa.Row]:
    """Fetch the holders and history of the parcel the code or reference names, if one of its
    holders was born on that day."""
    born_man, born_woman = nik_birth_digits(born)
    birth_digits = {"born_man": born_man, "born_woman": born_woman}
    statement = LOOKUP_BY_CODE if identifier.is_tracking_code else LOOKUP_BY_REFERENCE
    return db.session.execute(statement, naming_parameters(identifier) | birth_digits).all()


def naming_parameters(identifier: Identifier) -> dict[str, str]:
    """What names the parcel in a statement: its code, or the reference as typed and in capitals
    (`NAMED_BY_CODE`, `NAMED_BY_REFERENCE`)."""
    if identifier.is_tracking_code:
        return {"code": identifier.text}
    return {"typed": identifier.text, "upper": identifier.text.upper()}


def nik_birth_digits(born: date) -> tuple[str, str]:
    """The six digits a NIK holds for this birth date: a man's DDMMYY, and a woman's with 40
    added to the day. Stored NIKs passed python-stdnum's check at intake, so they have them."""
    month_year = f"{born.month:02d}{born.year % 100:02d}"
    return f"{born.day:02d}{month_year}", f"{born.day + 40:02d}{month_year}"
