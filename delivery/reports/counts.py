"""The SQL behind the figures: each statement counts one thing for a set of offices in one
period, grouped by the columns the caller asks for (district and village, or office).

Every figure is one GROUP BY statement over the parcels' tracking events, shipments and
documents; no parcel is ever loaded into Python.
- received: documents recorded in the period (by the document's own address);
- dispatched: parcels with a shipment the carrier accepted in the period;
- delivered: parcels whose first applied `delivered` event falls in the period;
- first attempts: parcels whose first visit at the door (delivered or failed, as happened)
  falls in the period, and those whose first visit delivered;
- days to the door: from the parcel being packed (ready) to its delivery, as a nearest-rank
  percentile: the median and the 90th percentile are the smallest numbers of days within
  which half, and nine in ten, of the parcels delivered in the period reached the door;
- returned, collected: parcels back at the office, or collected at its counter, in the period;
- failed attempts: failed visits at the door in the period, by reason;
- past the service level: parcels whose service-level deadline (the office's days after a
  handover to the carrier) passed in the period before they were delivered, returned or
  cancelled; each deadline counts in the month it passed, and only once it has passed.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from delivery.core.database import db
from delivery.models import (
    DeliveryAttempt,
    Document,
    EventOutcome,
    Office,
    Parcel,
    ParcelStatus,
    Shipment,
)
from delivery.models import TrackingEvent as Event
from delivery.parcels.events import COUNTED_OUTCOMES
from delivery.reports.sql import days_between, instant

S = ParcelStatus
AT_THE_DOOR = (S.DELIVERED, S.ATTEMPT_FAILED)
ENDS_A_HANDOVER = (S.DELIVERED, S.RETURNING, S.RETURNED, S.COLLECTED, S.CANCELLED)
Grouping = Callable[[Any], tuple[sa.ColumnElement, ...]]


def by_area(entity) -> tuple[sa.ColumnElement, ...]:
    return (entity.district.label("district"), entity.village.label("village"))


def by_office(entity) -> tuple[sa.ColumnElement, ...]:
    return (entity.office_id.label("office_id"),)


@dataclass(frozen=True)
class Period:
    """Some offices (sharing a time zone), the UTC bounds of a month, and now."""

    offices: Sequence[Office]
    start: datetime
    end: datetime
    now: datetime
    group: Grouping

    @property
    def office_ids(self) -> list[int]:
        return [office.id for office in self.offices]

    def holds(self, column) -> sa.ColumnElement[bool]:
        return sa.and_(column >= self.start, column < self.end)


def grouped(period: Period, entity, *measures) -> sa.Select:
    keys = period.group(entity)
    return sa.select(*keys, *measures).group_by(*keys)


def documents_received(period: Period) -> sa.Select:
    return grouped(period, Document, sa.func.count()).where(
        Document.office_id.in_(period.office_ids), period.holds(Document.created_at)
    )


def parcels_dispatched(period: Period) -> sa.Select:
    return (
        grouped(period, Parcel, sa.func.count(sa.distinct(Parcel.id)))
        .join(Shipment, Shipment.parcel_id == Parcel.id)
        .where(Shipment.office_id.in_(period.office_ids), period.holds(Shipment.submitted_at))
    )


def applied_delivery(event) -> sa.ColumnElement[bool]:
    return sa.and_(event.status == S.DELIVERED, event.outcome == EventOutcome.APPLIED)


def visit(event) -> sa.ColumnElement[bool]:
    return sa.and_(event.status.in_(AT_THE_DOOR), event.outcome.in_(COUNTED_OUTCOMES))


def milestones(period: Period) -> sa.Subquery:
    """Per parcel visited at the door in the period: its first delivery and first visit in the
    period, and whether it was delivered, or visited, before the period.

    Only the offices' events of the period are read, and each parcel's earlier visits by the
    parcel, so the cost follows the month's work, not the offices' history."""
    earlier = aliased(Event)
    before_the_period = sa.and_(
        earlier.parcel_id == Event.parcel_id,
        earlier.status.in_(AT_THE_DOOR),
        earlier.occurred_at < period.start,
    )
    return (
        sa.select(
            Event.parcel_id,
            sa.func.min(sa.case((applied_delivery(Event), Event.occurred_at))).label(
                "delivered_at"
            ),
            sa.func.min(sa.case((visit(Event), Event.occurred_at))).label("first_visit_at"),
            sa.exists()
            .where(before_the_period, applied_delivery(earlier))
            .label("delivered_before"),
            sa.exists().where(before_the_period, visit(earlier)).label("visited_before"),
        )
        .where(
            Event.office_id.in_(period.office_ids),
            Event.status.in_(AT_THE_DOOR),
            period.holds(Event.occurred_at),
        )
        .group_by(Event.parcel_id)
        .subquery("milestones")
    )


def first_delivered(reached: sa.Subquery) -> sa.ColumnElement[bool]:
    """The parcel's first delivery falls in the period."""
    return sa.and_(reached.c.delivered_at.is_not(None), ~reached.c.delivered_before)


def first_visited(reached: sa.Subquery) -> sa.ColumnElement[bool]:
    """The parcel's first visit at the door falls in the period."""
    return sa.and_(reached.c.first_visit_at.is_not(None), ~reached.c.visited_before)


def parcels_delivered(period: Period) -> sa.Select:
    reached = milestones(period)
    return (
        grouped(period, Parcel, sa.func.count())
        .join(reached, reached.c.parcel_id == Parcel.id)
        .where(first_delivered(reached))
    )


def first_attempts(period: Period) -> sa.Select:
    """Parcels first visited in the period, and how many of them that first visit delivered."""
    reached = milestones(period)
    delivered_first = sa.case((reached.c.delivered_at == reached.c.first_visit_at, 1), else_=0)
    return (
        grouped(period, Parcel, sa.func.count(), sa.func.sum(delivered_first))
        .join(reached, reached.c.parcel_id == Parcel.id)
        .where(first_visited(reached))
    )


def days_to_door_percentiles(period: Period) -> sa.Select:
    """The median and 90th percentile of days from ready to the door, per group."""
    reached = milestones(period)
    keys = period.group(Parcel)
    deliveries = (
        sa.select(*keys, days_between(Parcel.created_at, reached.c.delivered_at).label("days"))
        .join(reached, reached.c.parcel_id == Parcel.id)
        .where(first_delivered(reached))
        .subquery("deliveries")
    )
    partition = [deliveries.c[key.name] for key in keys] or None
    ranked = sa.select(
        *[deliveries.c[key.name] for key in keys],
        deliveries.c.days,
        sa.func.row_number().over(partition_by=partition, order_by=deliveries.c.days).label("rank"),
        sa.func.count().over(partition_by=partition).label("size"),
    ).subquery("ranked")

    def nearest_rank(percent: int) -> sa.ColumnElement:
        reached_share = ranked.c.rank * 100 >= ranked.c.size * percent
        return sa.func.min(sa.case((reached_share, ranked.c.days)))

    ranked_keys = [ranked.c[key.name] for key in keys]
    return sa.select(*ranked_keys, nearest_rank(50), nearest_rank(90)).group_by(*ranked_keys)


def parcels_reaching(period: Period, status: ParcelStatus) -> sa.Select:
    return (
        grouped(period, Parcel, sa.func.count(sa.distinct(Parcel.id)))
        .join(Event, Event.parcel_id == Parcel.id)
        .where(
            Event.office_id.in_(period.office_ids),
            Event.status == status,
            Event.outcome == EventOutcome.APPLIED,
            period.holds(Event.occurred_at),
        )
    )


def failed_attempts_by_reason(period: Period) -> sa.Select:
    keys = period.group(Parcel)
    return (
        sa.select(*keys, Event.reason, sa.func.count())
        .join(Event, Event.parcel_id == Parcel.id)
        .where(
            Event.office_id.in_(period.office_ids),
            Event.status == S.ATTEMPT_FAILED,
            Event.outcome.in_(COUNTED_OUTCOMES),
            period.holds(Event.occurred_at),
        )
        .group_by(*keys, Event.reason)
    )


def past_service_level(period: Period) -> sa.Select:
    """Parcels whose deadline (handover + the office's service-level days) passed in the period,
    up to now, with nothing ending that handover by then."""
    allowed = Office.service_level_days
    handed_over = Shipment.submitted_at
    deadline_passed_by = min(period.end, period.now)
    longest = max(office.service_level_days for office in period.offices)
    ended_in_time = (
        sa.select(Event.id)
        .where(
            Event.parcel_id == Parcel.id,
            Event.status.in_(ENDS_A_HANDOVER),
            Event.outcome == EventOutcome.APPLIED,
            Event.occurred_at >= handed_over,
            days_between(handed_over, Event.occurred_at) <= allowed,
        )
        .exists()
    )
    return (
        grouped(period, Parcel, sa.func.count(sa.distinct(Parcel.id)))
        .join(Shipment, Shipment.parcel_id == Parcel.id)
        .join(Office, Office.id == Parcel.office_id)
        .where(
            Shipment.office_id.in_(period.office_ids),
            handed_over >= period.start - timedelta(days=longest),
            handed_over < deadline_passed_by,
            days_between(handed_over, instant(period.start)) <= allowed,
            days_between(handed_over, instant(deadline_passed_by)) > allowed,
            ~ended_in_time,
        )
    )


def charges_fee(office: Office) -> bool:
    """Whether the office's rule collects a delivery fee at the door."""
    return office.delivery_fee > 0


def fees_collected(period: Period) -> sa.Select:
    """The delivery fees couriers recorded receiving at the door in the period, in rupiah."""
    received = sa.func.coalesce(sa.func.sum(DeliveryAttempt.fee_received), 0)
    return (
        grouped(period, Parcel, received)
        .join(DeliveryAttempt, DeliveryAttempt.parcel_id == Parcel.id)
        .where(
            Parcel.office_id.in_(period.office_ids),
            DeliveryAttempt.fee_received.is_not(None),
            period.holds(DeliveryAttempt.occurred_at),
        )
    )


def rows(statement: sa.Select) -> list[sa.Row]:
    return list(db.session.execute(statement))
