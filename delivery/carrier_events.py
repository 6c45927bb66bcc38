"""Tracking events from the carrier: remembered from webhooks, fetched by polling, applied."""

import json
import logging
from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from delivery.carrier import carrier_client
from delivery.clock import utcnow
from delivery.database import db
from delivery.lifecycle import CARRIER_HOLDS
from delivery.models import (
    AttemptReason,
    CarrierInboxEvent,
    EventSource,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
)
from delivery.tracking import Report, record_event
from postal_client import TrackingEvent

log = logging.getLogger(__name__)


class RememberedEventIds:
    """The carrier event ids already received, as a container verify_webhook can ask."""

    def __contains__(self, event_id: object) -> bool:
        return (
            db.session.scalar(
                sa.select(CarrierInboxEvent.id).filter_by(carrier_event_id=str(event_id))
            )
            is not None
        )


def remember_webhook_events(body: bytes) -> list[int]:
    """Store a verified webhook's events by id (a repeat is ignored); return the new rows."""
    raw_events = json.loads(body)["events"]
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(CarrierInboxEvent).on_conflict_do_nothing().returning(CarrierInboxEvent.id)
    )
    rows = [
        {"carrier_event_id": raw["event_id"], "payload": raw, "received_at": utcnow()}
        for raw in raw_events
    ]
    ids = list(db.session.scalars(statement, rows))
    db.session.commit()
    return ids


def apply_inbox_events(inbox_ids: Iterable[int]) -> None:
    """Apply remembered webhook events that are not applied yet (a job; safe to rerun)."""
    for inbox_id in inbox_ids:
        inbox = db.session.get(CarrierInboxEvent, inbox_id, with_for_update=True)
        if inbox is None or inbox.processed_at is not None:
            continue
        event = TrackingEvent.from_json(inbox.payload)
        inbox.outcome = apply_carrier_event(event, EventSource.CARRIER_WEBHOOK)
        inbox.processed_at = utcnow()
        db.session.commit()


def apply_carrier_event(event: TrackingEvent, source: EventSource) -> str:
    """Apply one carrier event to its parcel; return what became of it."""
    shipment = db.session.scalar(
        sa.select(Shipment).filter_by(carrier_shipment_id=event.shipment_id)
    )
    if shipment is None:
        log.warning(
            "carrier event %s is for unknown shipment %s", event.event_id, event.shipment_id
        )
        return "unknown_shipment"
    recorded = record_event(
        shipment.parcel,
        Report(
            status=ParcelStatus(event.status.value),
            occurred_at=event.occurred_at,
            source=source,
            dedupe_key=f"carrier:{event.event_id}",
            carrier_code=str(event.code),
            reason=AttemptReason(event.reason.value) if event.reason else None,
            location=event.location[:200] or None,
        ),
    )
    return recorded.outcome.value if recorded else "duplicate"


def shipments_to_poll(limit: int) -> list[Shipment]:
    """Shipments still with the carrier that have been quiet for a while, quietest first."""
    quiet_since = utcnow() - timedelta(minutes=current_app.config["POLL_QUIET_MINUTES"])
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .join(Parcel)
            .where(
                Shipment.state == ShipmentState.SUBMITTED,
                Parcel.status.in_(CARRIER_HOLDS),
                Parcel.status_changed_at < quiet_since,
                sa.or_(Shipment.last_polled_at.is_(None), Shipment.last_polled_at < quiet_since),
            )
            .order_by(Shipment.last_polled_at.is_not(None), Shipment.last_polled_at)
            .limit(limit)
        )
    )


def poll_carrier(max_batches: int = 5) -> int:
    """Ask the carrier for the events of quiet shipments, in small batches; return how many."""
    size = current_app.config["POLL_BATCH_SIZE"]
    polled = 0
    for _ in range(max_batches):
        shipments = shipments_to_poll(size)
        if not shipments:
            break
        answer = carrier_client().track_many([s.carrier_tracking_number for s in shipments])
        for events in answer.events.values():
            for event in sorted(events, key=lambda e: e.occurred_at):
                apply_carrier_event(event, EventSource.CARRIER_POLL)
        for shipment in shipments:
            shipment.last_polled_at = utcnow()
        db.session.commit()
        polled += len(shipments)
    return polled


def apply_unprocessed_inbox_events(limit: int = 1000) -> int:
    """Apply remembered events whose job was lost; return how many were waiting."""
    waiting = list(
        db.session.scalars(
            sa.select(CarrierInboxEvent.id)
            .where(CarrierInboxEvent.processed_at.is_(None))
            .order_by(CarrierInboxEvent.id)
            .limit(limit)
        )
    )
    apply_inbox_events(waiting)
    return len(waiting)
