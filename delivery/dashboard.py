"""The figures on the staff dashboard, for one office, in the office's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.dispatch.carrier_events import UNREADABLE
from delivery.models import (
    AttemptReason,
    CarrierInboxEvent,
    Document,
    DocumentStatus,
    EventOutcome,
    Office,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
    TrackingEvent,
)
from delivery.parcels.lifecycle import CARRIER_HOLDS
from delivery.reports.sql import local_date
from postal_client import TrackingEvent as CarrierEvent

CHART_DAYS = 30


def office_zone(office: Office) -> ZoneInfo:
    return ZoneInfo(office.time_zone)


@dataclass(frozen=True)
class DayCount:
    day: date
    dispatched: int
    delivered: int


def document_counts(office: Office) -> dict[DocumentStatus, int]:
    rows = db.session.execute(
        sa.select(Document.status, sa.func.count())
        .where(Document.office_id == office.id)
        .group_by(Document.status)
    ).all()
    return dict.fromkeys(DocumentStatus, 0) | dict(rows)


def parcel_counts(office: Office) -> dict[ParcelStatus, int]:
    rows = db.session.execute(
        sa.select(Parcel.status, sa.func.count())
        .where(Parcel.office_id == office.id)
        .group_by(Parcel.status)
    ).all()
    return dict.fromkeys(ParcelStatus, 0) | dict(rows)


def daily_counts(office: Office, days: int = CHART_DAYS) -> list[DayCount]:
    """Parcels handed to the carrier and delivered, per day on the office's clocks, oldest
    first; the last day is today there."""
    zone = office_zone(office)
    now = utcnow()
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    dispatched_on = local_date(Shipment.submitted_at, zone, now)
    dispatched = per_day(
        sa.select(dispatched_on, sa.func.count())
        .select_from(Shipment)
        .join(Parcel)
        .where(
            Parcel.office_id == office.id,
            Shipment.submitted_at >= since,
            Shipment.submitted_at < until,
        )
        .group_by(dispatched_on)
    )
    delivered_on = local_date(TrackingEvent.occurred_at, zone, now)
    delivered = per_day(
        sa.select(delivered_on, sa.func.count(sa.distinct(TrackingEvent.parcel_id)))
        .select_from(TrackingEvent)
        .join(Parcel)
        .where(
            Parcel.office_id == office.id,
            TrackingEvent.outcome == EventOutcome.APPLIED,
            TrackingEvent.status.in_([ParcelStatus.DELIVERED, ParcelStatus.COLLECTED]),
            TrackingEvent.occurred_at >= since,
            TrackingEvent.occurred_at < until,
        )
        .group_by(delivered_on)
    )
    return [
        DayCount(
            first + timedelta(days=n),
            dispatched.get(first + timedelta(days=n), 0),
            delivered.get(first + timedelta(days=n), 0),
        )
        for n in range(days)
    ]


def per_day(query: sa.Select) -> dict[date, int]:
    """Read (local date, count) rows, counted by the database."""
    return {date.fromisoformat(day): count for day, count in db.session.execute(query)}


def overdue_parcels(office: Office, limit: int = 50) -> list[Parcel]:
    """Parcels still out longer than the office's service level since they were handed over."""
    deadline = utcnow() - timedelta(days=office.service_level_days)
    return list(
        db.session.scalars(
            sa.select(Parcel)
            .join(Shipment)
            .where(
                Parcel.office_id == office.id,
                Parcel.status.in_(CARRIER_HOLDS),
                Shipment.state == ShipmentState.SUBMITTED,
                Shipment.submitted_at < deadline,
            )
            .order_by(Shipment.submitted_at)
            .limit(limit)
        )
    )


def failed_attempts_by_reason(office: Office) -> list[tuple[AttemptReason | None, int]]:
    since = utcnow() - timedelta(days=CHART_DAYS)
    rows = db.session.execute(
        sa.select(TrackingEvent.reason, sa.func.count())
        .join(Parcel)
        .where(
            Parcel.office_id == office.id,
            TrackingEvent.status == ParcelStatus.ATTEMPT_FAILED,
            TrackingEvent.outcome != EventOutcome.REJECTED,
            TrackingEvent.occurred_at >= since,
        )
        .group_by(TrackingEvent.reason)
        .order_by(sa.func.count().desc())
    ).all()
    return [(reason, count) for reason, count in rows]


def failed_shipments(office: Office) -> list[Shipment]:
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .join(Parcel)
            .where(
                Parcel.office_id == office.id,
                Shipment.state == ShipmentState.FAILED,
            )
            .order_by(Shipment.id.desc())
            .limit(100)
        )
    )


def kept_events(office: Office) -> list[TrackingEvent]:
    """Events the lifecycle did not allow, kept for staff to look at."""
    return list(
        db.session.scalars(
            sa.select(TrackingEvent)
            .join(Parcel)
            .where(
                Parcel.office_id == office.id,
                TrackingEvent.outcome == EventOutcome.REJECTED,
            )
            .order_by(TrackingEvent.received_at.desc())
            .limit(50)
        )
    )


def unreadable_carrier_events(office: Office) -> list[tuple[str, CarrierEvent]]:
    """Carrier events Antar could not read, kept for staff: each with its parcel's code."""
    rows = db.session.execute(
        sa.select(Parcel.tracking_code, CarrierInboxEvent.payload)
        .select_from(CarrierInboxEvent)
        .join(Shipment, Shipment.carrier_shipment_id == CarrierInboxEvent.carrier_shipment_id)
        .join(Parcel)
        .where(Parcel.office_id == office.id, CarrierInboxEvent.outcome == UNREADABLE)
        .order_by(CarrierInboxEvent.id.desc())
        .limit(50)
    )
    return [(tracking_code, CarrierEvent.from_json(payload)) for tracking_code, payload in rows]
