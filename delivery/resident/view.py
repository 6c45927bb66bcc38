"""What a resident sees of a parcel, built from the rows of its lookup: masked holder names,
the applied history, who received it, and the days it is expected or waits at the counter."""

import functools
import operator
from datetime import date, datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from delivery.core.clock import default_zone, utcnow
from delivery.models import AttemptReason, Office, ParcelStatus, ReceiverRelation
from delivery.parcels.lifecycle import HANDED_OVER, ON_THE_WAY


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


def mask_name(name: str) -> str:
    """Keep the first letter of each word: 'Budi Santoso' becomes 'B*** S******'."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())


def resident_view(holders: list[sa.Row], history: list[sa.Row]) -> ResidentView:
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


def office_counter(row: sa.Row) -> Office:
    """A detached copy of the parcel's office, with only what residents may see of it."""
    return detached_office(OFFICE_VALUES(row))


@functools.lru_cache(maxsize=64)
def detached_office(values: tuple) -> Office:
    """Build an office once per set of values (a changed office has other values), read-only."""
    return Office(**dict(zip(OFFICE_FIELDS, values, strict=True)))


def applied_events(parcel: sa.Row, history: list[sa.Row]) -> list[TimelineEntry]:
    """The parcel's applied events in time order, starting with its packing."""
    events = [
        TimelineEntry(row.status, row.moment, row.reason) for row in history if row.kind == "event"
    ]
    if not events or events[0].status != ParcelStatus.READY:
        events.insert(0, TimelineEntry(ParcelStatus.READY, parcel.moment, None))
    return events


def failed_attempts(history: list[sa.Row], counted: int) -> list[FailedAttempt]:
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
    parcel: sa.Row, timeline: list[TimelineEntry], receipts: list[sa.Row]
) -> Handover | None:
    """Who received the parcel (relation only) and when, once it was delivered or collected."""
    if parcel.status not in HANDED_OVER:
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
    parcel: sa.Row, timeline: list[TimelineEntry], office: Office
) -> date | None:
    """The last day a returned parcel waits at the office's counter."""
    if parcel.status != ParcelStatus.RETURNED:
        return None
    returned_at = latest(timeline, ParcelStatus.RETURNED) or parcel.status_changed_at
    return local_date(returned_at) + timedelta(days=office.counter_hold_days)


def local_date(moment: datetime) -> date:
    """The calendar day of a moment in the office's time zone (the app's time zone)."""
    return moment.astimezone(default_zone()).date()


def today() -> date:
    """Today in the office's time zone, by the app's clock."""
    return local_date(utcnow())
