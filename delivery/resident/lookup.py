"""Residents look up their parcel with a tracking code (or application reference) and a birth date.

The birth date of one of the parcel's document holders is the second factor: the holder's NIK
carries it as six digits (DDMMYY, with 40 added to the day for women), so day, month and year
modulo 100 are compared. A wrong code, a wrong birth date and a cancelled parcel all take the
same path and give the same answer (None), so the answer never tells which half was wrong.
"""

import functools
import operator
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from delivery.core.clock import utcnow
from delivery.models import (
    AttemptReason,
    DeliveryAttempt,
    Document,
    EventOutcome,
    Office,
    Parcel,
    ParcelStatus,
    ReceiverRelation,
    TrackingEvent,
)
from delivery.parcels.lifecycle import ON_THE_WAY
from delivery.resident.driver_statements import DriverRead


class Identifier(NamedTuple):
    """What the resident typed: a tracking code (normalized), or else an application reference."""

    text: str
    is_tracking_code: bool


class TrackingRequest(NamedTuple):
    identifier: Identifier
    birth_date: date


class TimelineEntry(NamedTuple):
    status: ParcelStatus
    occurred_at: datetime
    reason: AttemptReason | None


class FailedAttempt(NamedTuple):
    occurred_at: datetime
    reason: AttemptReason | None


class Handover(NamedTuple):
    """The parcel reached the resident: delivered at the door, or collected at the counter."""

    status: ParcelStatus
    occurred_at: datetime
    relation: ReceiverRelation | None


class ResidentView(NamedTuple):
    """What a resident may see of a parcel: no NIK, KK number, street or document type."""

    tracking_code: str
    status: ParcelStatus
    status_changed_at: datetime
    holders: list[str]
    village: str
    district: str
    timeline: list[TimelineEntry]
    failed_attempts: list[FailedAttempt]
    handover: Handover | None
    expected_between: tuple[date, date] | None
    collect_by: date | None
    office: Office


PARCEL, DOCUMENT, OFFICE = Parcel.__table__, Document.__table__, Office.__table__
EVENT, ATTEMPT = TrackingEvent.__table__, DeliveryAttempt.__table__
OFFICE_FIELDS = (
    "name",
    "address",
    "village",
    "district",
    "regency",
    "province",
    "postal_code",
    "phone",
    "opening_hours",
    "receiver_policy",
    "attempts_before_return",
    "counter_hold_days",
    "service_level_days",
    "representative_with_letter",
    "delivery_fee",
    "takes_back_old_card",
)


def lookup(named: sa.ColumnElement[bool]) -> DriverRead:
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
    return DriverRead(statement, "LookupRow")


# Built once: the lookup runs on every request, and building or executing statements through
# the engine costs more than running them (see bench/bench_tracking.py).
NAMED_BY_CODE = PARCEL.c.tracking_code == sa.bindparam("code")
NAMED_BY_REFERENCE = PARCEL.c.id.in_(
    sa.select(DOCUMENT.c.parcel_id).where(
        DOCUMENT.c.application_ref.in_([sa.bindparam("typed"), sa.bindparam("upper")])
    )
)
LOOKUP_BY_CODE = lookup(NAMED_BY_CODE)
LOOKUP_BY_REFERENCE = lookup(NAMED_BY_REFERENCE)


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


def lookup_rows(identifier: Identifier, born: date) -> list[NamedTuple]:
    """Fetch the holders and history of the parcel the code or reference names, if one of its
    holders was born on that day."""
    born_man, born_woman = nik_birth_digits(born)
    birth_digits = {"born_man": born_man, "born_woman": born_woman}
    statement = LOOKUP_BY_CODE if identifier.is_tracking_code else LOOKUP_BY_REFERENCE
    return statement.rows(naming_parameters(identifier) | birth_digits)


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


def mask_name(name: str) -> str:
    """Keep the first letter of each word: 'Budi Santoso' becomes 'B*** S******'."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def resident_view(holders: list[NamedTuple], history: list[NamedTuple]) -> ResidentView:
    """Gather one parcel's holders and its history in time order into what the resident sees."""
    parcel = holders[0]
    office = office_counter(parcel)
    timeline = applied_events(parcel, history)
    handed_at = latest(timeline, ParcelStatus.SUBMITTED)
    return ResidentView(
        tracking_code=parcel.tracking_code,
        status=parcel.status,
        status_changed_at=parcel.status_changed_at,
        holders=list(dict.fromkeys(mask_name(row.holder_name) for row in holders)),
        village=parcel.village,
        district=parcel.district,
        timeline=timeline,
        failed_attempts=failed_attempts(history, parcel.failed_attempts),
        handover=handover(parcel, timeline, [row for row in history if row.kind == "delivered"]),
        expected_between=expected_window(parcel.status, handed_at, office),
        collect_by=collection_deadline(parcel, timeline, office),
        office=office,
    )


OFFICE_VALUES = operator.attrgetter(*(f"office_{name}" for name in OFFICE_FIELDS))


def office_counter(row: NamedTuple) -> Office:
    """A detached copy of the parcel's office, with only what residents may see of it."""
    return detached_office(OFFICE_VALUES(row))


@functools.lru_cache(maxsize=64)
def detached_office(values: tuple) -> Office:
    """Build an office once per set of values (a changed office has other values), read-only."""
    return Office(**dict(zip(OFFICE_FIELDS, values, strict=True)))


def applied_events(parcel: NamedTuple, history: list[NamedTuple]) -> list[TimelineEntry]:
    """The parcel's applied events in time order, starting with its packing."""
    events = [
        TimelineEntry(row.status, row.moment, row.reason) for row in history if row.kind == "event"
    ]
    if not events or events[0].status != ParcelStatus.READY:
        events.insert(0, TimelineEntry(ParcelStatus.READY, parcel.moment, None))
    return events


def failed_attempts(history: list[NamedTuple], counted: int) -> list[FailedAttempt]:
    """The failed attempts the parcel's count holds (see tracking.count_failed_attempts): the
    latest ones, as attempts before it was last made ready are older than the new ones."""
    failures = [
        FailedAttempt(row.moment, row.reason)
        for row in history
        if row.status == ParcelStatus.ATTEMPT_FAILED and row.kind in ("event", "late_failure")
    ]
    return failures[max(len(failures) - counted, 0) :]


def latest(timeline: list[TimelineEntry], status: ParcelStatus) -> datetime | None:
    """When the parcel last reached the status, if it did."""
    moments = [entry.occurred_at for entry in timeline if entry.status == status]
    return moments[-1] if moments else None


def handover(
    parcel: NamedTuple, timeline: list[TimelineEntry], receipts: list[NamedTuple]
) -> Handover | None:
    """Who received the parcel (relation only) and when, once it was delivered or collected."""
    if parcel.status not in (ParcelStatus.DELIVERED, ParcelStatus.COLLECTED):
        return None
    if receipts:
        relation = receipts[-1].relation
        return Handover(
            parcel.status,
            receipts[-1].moment,
            ReceiverRelation(relation) if relation else None,
        )
    reached_at = latest(timeline, parcel.status) or parcel.status_changed_at
    return Handover(parcel.status, reached_at, None)


def expected_window(
    status: ParcelStatus, handed_at: datetime | None, office: Office
) -> tuple[date, date] | None:
    """The days delivery is expected on, while the post carries the parcel to the resident."""
    if status not in ON_THE_WAY or handed_at is None:
        return None
    handed_on = local_date(handed_at)
    return handed_on + timedelta(days=1), handed_on + timedelta(days=office.service_level_days)


def collection_deadline(
    parcel: NamedTuple, timeline: list[TimelineEntry], office: Office
) -> date | None:
    """The last day a returned parcel waits at the office's counter."""
    if parcel.status != ParcelStatus.RETURNED:
        return None
    returned_at = latest(timeline, ParcelStatus.RETURNED) or parcel.status_changed_at
    return local_date(returned_at) + timedelta(days=office.counter_hold_days)


def local_date(moment: datetime) -> date:
    """The calendar day of a moment in the office's time zone (the app's time zone)."""
    return moment.astimezone(office_zone()).date()


def office_zone() -> ZoneInfo:
    return zone_named(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@functools.cache
def zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def today() -> date:
    """Today in the office's time zone, by the app's clock."""
    return local_date(utcnow())
