"""The figures on the staff dashboard, for one office, in the office's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

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
from delivery.parcels.lifecycle import HANDED_OVER, WITH_THE_CARRIER
from postal_client import TrackingEvent as CarrierEvent

CHART_DAYS = 30


def office_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_day_start(day: date) -> datetime:
    """The UTC instant at which a local calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=office_zone())


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
    """Parcels handed to the carrier and delivered, per local day, oldest first."""
    today = utcnow().astimezone(office_zone()).date()
    first = today - timedelta(days=days - 1)
    dispatched = per_day(
        sa.select(Shipment.submitted_at)
        .join(Parcel)
        .where(Parcel.office_id == office.id, Shipment.submitted_at >= local_day_start(first))
    )
    delivered = per_day(
        sa.select(TrackingEvent.occurred_at)
        .join(Parcel)
        .where(
            Parcel.office_id == office.id,
            TrackingEvent.outcome == EventOutcome.APPLIED,
            TrackingEvent.status.in_(HANDED_OVER),
            TrackingEvent.occurred_at >= local_day_start(first),
        )
    )
    return [
        DayCount(
            first + timedelta(days=n),
            dispatched.get(first + timedelta(days=n), 0),
            delivered.get(first + timedelta(days=n), 0),
        )
        for n in range(days)
    ]


def per_day(query) -> dict[date, int]:
    """Count timestamps per local day (done in Python: portable across databases)."""
    counts: dict[date, int] = {}
    for moment in db.session.scalars(query):
        day = moment.astimezone(office_zone()).date()
        counts[day] = counts.get(day, 0) + 1
    return counts


def overdue_parcels(office: Office, limit: int = 50) -> list[Parcel]:
    """Parcels still out longer than the office's service level since they were handed over."""
    deadline = utcnow() - timedelta(days=office.service_level_days)
    return list(
        db.session.scalars(
            sa.select(Parcel)
            .join(Shipment)
            .where(
                Parcel.office_id == office.id,
                Parcel.status.in_(WITH_THE_CARRIER),
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
