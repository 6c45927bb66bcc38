"""Submitting shipments to the carrier: the job behind each dispatched parcel, exactly once.

The job sends the shipment with an idempotency key derived from the parcel and its dispatch
round, so a retry after a timeout or a crash finds the shipment the carrier already made.
"""

import logging
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.dispatch import carrier_events
from delivery.dispatch.carrier import carrier_client, shipment_request
from delivery.dispatch.failures import note_failure_kind
from delivery.models import Document, EventSource, Parcel, ParcelStatus, Shipment, ShipmentState
from delivery.parcels.events import Report, record_events
from postal_client import AuthenticationError, PostalError, ValidationFailed
from postal_client import Shipment as CarrierShipment

log = logging.getLogger(__name__)
PERMANENT_ERRORS = (ValidationFailed, AuthenticationError)


def submit_shipments(work: Sequence[tuple[int, int | None]]) -> None:
    """Create the shipments at the carrier (a job; safe to run again).

    Attempts are counted and committed before calling the carrier, so a crash mid-call still
    counts; results are stored in one transaction, then the carrier's events that waited for
    these shipments are applied. If some calls failed for now, the last error is raised so the
    queue retries the job; shipments already submitted are then skipped.
    """
    entry_of = dict(work)
    count_attempts(list(entry_of))
    shipments = waiting_shipments(list(entry_of))
    waiting = {shipment.id for shipment in shipments}
    finished = [entry_of[id_] for id_ in entry_of if id_ not in waiting]  # done by an earlier run
    documents = document_counts([shipment.parcel_id for shipment in shipments])
    client = carrier_client()
    submitted, retry_error = [], None
    for shipment in shipments:
        try:
            created = client.create_shipment(
                shipment_request(shipment.parcel, documents.get(shipment.parcel_id, 0)),
                idempotency_key=shipment.idempotency_key,
            )
        except PostalError as error:
            retry_error = note_submission_failure(shipment, error, entry_of[shipment.id]) or (
                retry_error
            )
            continue
        submitted.append((shipment, created))
        finished.append(entry_of[shipment.id])
    store_submissions(submitted)
    outbox.finish_entries([entry_id for entry_id in finished if entry_id])
    db.session.commit()
    if submitted:
        carrier_events.apply_events_waiting_for([created.id for _shipment, created in submitted])
    if retry_error:
        raise retry_error


def count_attempts(shipment_ids: list[int]) -> None:
    """Count one more submission attempt for each waiting shipment, and commit it."""
    db.session.execute(
        sa.update(Shipment)
        .where(
            Shipment.id.in_(shipment_ids),
            Shipment.state == ShipmentState.WAITING,
        )
        .values(submission_attempts=Shipment.submission_attempts + 1)
    )
    db.session.commit()


def waiting_shipments(shipment_ids: list[int]) -> list[Shipment]:
    """Load the waiting shipments with their parcels and offices, in a few queries."""
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .where(
                Shipment.id.in_(shipment_ids),
                Shipment.state == ShipmentState.WAITING,
            )
            .options(selectinload(Shipment.parcel).selectinload(Parcel.office))
            .order_by(Shipment.id)
        )
    )


def document_counts(parcel_ids: list[int]) -> dict[int, int]:
    """How many documents each parcel holds (its weight), in one query."""
    return dict(
        db.session.execute(
            sa.select(Document.parcel_id, sa.func.count())
            .where(Document.parcel_id.in_(parcel_ids))
            .group_by(Document.parcel_id)
        ).all()
    )


def store_submissions(submitted: list[tuple[Shipment, CarrierShipment]]) -> None:
    """Keep each carrier shipment id and resi, and move the parcels to submitted when the
    carrier made the shipment: the carrier's events that came before this answer (an earlier
    one was lost) are then not older than the parcel's status."""
    now = utcnow()
    for shipment, created in submitted:
        shipment.carrier_shipment_id = created.id
        shipment.carrier_tracking_number = created.tracking_number
        shipment.state = ShipmentState.SUBMITTED
        shipment.submitted_at = now
        shipment.last_error = shipment.failure_kind = shipment.failure_fields = None
    record_events(
        guard_each=False,
        reports=[
            (
                shipment.parcel,
                Report(
                    status=ParcelStatus.SUBMITTED,
                    occurred_at=submission_time(shipment.parcel, created, now),
                    source=EventSource.SYSTEM,
                    dedupe_key=f"submitted:{shipment.id}",
                    note=created.tracking_number,
                ),
            )
            for shipment, created in submitted
        ],
    )


def submission_time(parcel: Parcel, created: CarrierShipment, now: datetime) -> datetime:
    """When the carrier made the shipment, kept between the parcel's last change and now, so
    that a carrier clock a little off neither dates it in the future nor before it was ready."""
    return max(parcel.status_changed_at, min(created.created_at, now))


def note_submission_failure(
    shipment: Shipment, error: PostalError, entry_id: int | None
) -> PostalError | None:
    """Keep the error for staff; give up on permanent errors or after the last attempt.

    Returns the error when the queue should try again.
    """
    message = f"{type(error).__name__}: {error}"
    shipment.last_error = message[:2000]
    note_failure_kind(shipment, error)
    permanent = isinstance(error, PERMANENT_ERRORS)
    exhausted = shipment.submission_attempts >= current_app.config["SUBMISSION_MAX_ATTEMPTS"]
    log.warning(
        "submitting shipment %s failed (attempt %s): %s",
        shipment.id,
        shipment.submission_attempts,
        message,
    )
    if permanent or exhausted:
        shipment.state = ShipmentState.FAILED
        outbox.finish(entry_id, error=message)
        return None
    return error
