"""The figures on the staff dashboard, for one office, in the office's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from delivery.core.clock import office_zone, utcnow
from delivery.core.database import db
from delivery.core.replica import may_lag
from delivery.dispatch.carrier_events import UNREADABLE
from delivery.models import (
    AttemptReason,
    CarrierInboxEvent,
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
from delivery.reports.sql import local_date
from delivery.status_counts.queries import document_counts, parcel_counts
from postal_client import TrackingEvent as CarrierEvent

CHART_DAYS = 30
LISTED = 50  # rows at most in each list of the dashboard
LISTED_FAILED_SHIPMENTS = 100  # each one staff can send again from the dashboard


@dataclass(frozen=True)
class DayCount:
    day: date
    dispatched: int
    delivered: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the office's home page shows, read at one moment."""

    documents_by_status: dict[DocumentStatus, int]
    parcels_by_status: dict[ParcelStatus, int]
    days: list[DayCount]
    overdue: list[Parcel]
    attempt_reasons: list[tuple[AttemptReason | None, int]]
    failed_shipments: list[Shipment]
    kept_events: list[TrackingEvent]
    unreadable_events: list[tuple[str, CarrierEvent]]

    @property
    def chart_max(self) -> int:
        """The highest bar of the chart (at least 1, so an empty chart has a scale)."""
        return max([1] + [max(day.dispatched, day.delivered) for day in self.days])


@may_lag
def office_dashboard(office: Office) -> Dashboard:
    return Dashboard(
        documents_by_status=document_counts(office),
        parcels_by_status=parcel_counts(office),
        days=daily_counts(office),
        overdue=overdue_parcels(office),
        attempt_reasons=failed_attempts_by_reason(office),
        failed_shipments=failed_shipments(office),
        kept_events=kept_events(office),
        unreadable_events=unreadable_carrier_events(office),
    )


def of_office(model, office: Office, *conditions) -> sa.Select:
    """Select the office's own rows of a model (events and shipments carry their parcel's
    office) that meet the conditions."""
    return sa.select(model).where(model.office_id == office.id, *conditions)


def daily_counts(office: Office, days: int = CHART_DAYS) -> list[DayCount]:
    """Parcels handed to the carrier and delivered, per day on the office's own clocks, oldest
    first; the last day is today there."""
    zone, now = office_zone(office), utcnow()
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    submitted = [Shipment.submitted_at >= since, Shipment.submitted_at < until]
    dispatched = per_day(
        of_office(Shipment, office, *submitted),
        local_date(Shipment.submitted_at, zone, now),
    )
    applied = [TrackingEvent.status.in_(HANDED_OVER), TrackingEvent.outcome == EventOutcome.APPLIED]
    happened = [TrackingEvent.occurred_at >= since, TrackingEvent.occurred_at < until]
    delivered = per_day(
        of_office(TrackingEvent, office, *applied, *happened),
        local_date(TrackingEvent.occurred_at, zone, now),
        sa.distinct(TrackingEvent.parcel_id),
    )
    return [
        DayCount(day, dispatched.get(day, 0), delivered.get(day, 0))
        for day in (first + timedelta(days=n) for n in range(days))
    ]


def per_day(query: sa.Select, day: sa.ColumnElement, counted=None) -> dict[date, int]:
    """Count the rows per local day, in the database."""
    measure = sa.func.count(counted) if counted is not None else sa.func.count()
    rows = db.session.execute(query.with_only_columns(day, measure).group_by(day))
    return {date.fromisoformat(on): count for on, count in rows}


def overdue_parcels(office: Office) -> list[Parcel]:
    """Parcels still out longer than the office's service level since they were handed over."""
    deadline = utcnow() - timedelta(days=office.service_level_days)
    query = (
        sa.select(Parcel)
        .join(Shipment)
        .where(Parcel.office_id == office.id, Parcel.status.in_(WITH_THE_CARRIER))
        .where(Shipment.state == ShipmentState.SUBMITTED, Shipment.submitted_at < deadline)
    )
    return list(db.session.scalars(query.order_by(Shipment.submitted_at).limit(LISTED)))


def failed_attempts_by_reason(office: Office) -> list[tuple[AttemptReason | None, int]]:
    since = utcnow() - timedelta(days=CHART_DAYS)
    query = of_office(
        TrackingEvent,
        office,
        TrackingEvent.status == ParcelStatus.ATTEMPT_FAILED,
        TrackingEvent.outcome != EventOutcome.REJECTED,
        TrackingEvent.occurred_at >= since,
    )
    counted = query.with_only_columns(TrackingEvent.reason, sa.func.count())
    rows = db.session.execute(
        counted.group_by(TrackingEvent.reason).order_by(sa.func.count().desc())
    )
    return [(reason, count) for reason, count in rows]


def failed_shipments(office: Office) -> list[Shipment]:
    query = of_office(Shipment, office, Shipment.state == ShipmentState.FAILED).options(
        joinedload(Shipment.parcel)
    )
    return list(
        db.session.scalars(query.order_by(Shipment.id.desc()).limit(LISTED_FAILED_SHIPMENTS))
    )


def kept_events(office: Office) -> list[TrackingEvent]:
    """Events the lifecycle did not allow, kept for staff to look at."""
    query = of_office(TrackingEvent, office, TrackingEvent.outcome == EventOutcome.REJECTED)
    return list(
        db.session.scalars(
            query.options(joinedload(TrackingEvent.parcel))
            .order_by(TrackingEvent.received_at.desc())
            .limit(LISTED)
        )
    )


def unreadable_carrier_events(office: Office) -> list[tuple[str, CarrierEvent]]:
    """Carrier events Antar could not read, kept for staff: each with its parcel's code."""
    rows = db.session.execute(
        sa.select(Parcel.tracking_code, CarrierInboxEvent.payload)
        .select_from(CarrierInboxEvent)
        .join(Shipment, Shipment.carrier_shipment_id == CarrierInboxEvent.carrier_shipment_id)
        .join(Parcel)
        .where(Shipment.office_id == office.id, CarrierInboxEvent.outcome == UNREADABLE)
        .order_by(CarrierInboxEvent.id.desc())
        .limit(LISTED)
    )
    return [(tracking_code, CarrierEvent.from_json(payload)) for tracking_code, payload in rows]


def local_day_start(office: Office, day: date) -> datetime:
    """The moment the office's calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=office_zone(office))
