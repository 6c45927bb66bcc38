"""Dispatch: staff send a batch of parcels; jobs hand each one to the carrier exactly once.

Marking parcels dispatched and writing the outbox entries is one transaction. The submit job
sends the shipment with an idempotency key derived from the parcel and its dispatch round, so
a retry after a timeout or a crash finds the shipment the carrier already made.
"""

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from delivery import outbox
from delivery.audit import record_change
from delivery.carrier import carrier_client, shipment_request
from delivery.clock import utcnow
from delivery.database import db
from delivery.errors import Conflict, DomainError
from delivery.models import (
    DispatchBatch,
    EventSource,
    Office,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
    User,
)
from delivery.tracking import Report, record_event
from postal_client import AuthenticationError, PostalError, ValidationFailed

log = logging.getLogger(__name__)
PERMANENT_ERRORS = (ValidationFailed, AuthenticationError)


def check_dispatchable(office: Office, parcels: list[Parcel]) -> None:
    """Refuse parcels that are not ready in this office, naming the first such parcel."""
    if not parcels:
        raise DomainError(_("Select at least one parcel to dispatch."), field="parcels")
    for parcel in parcels:
        if parcel.office_id != office.id or parcel.status != ParcelStatus.READY:
            raise Conflict(
                _("Parcel %(code)s is not ready to send.", code=parcel.tracking_code),
                field="parcels",
            )
        if parcel.batch_id is not None or not parcel.documents:
            raise Conflict(
                _("Parcel %(code)s is already being sent or is empty.", code=parcel.tracking_code),
                field="parcels",
            )


def dispatch_parcels(office: Office, parcels: list[Parcel], actor: User | None) -> DispatchBatch:
    """Mark the parcels dispatched and queue their submission, in one transaction."""
    check_dispatchable(office, parcels)
    batch = DispatchBatch(office_id=office.id, created_by_id=actor.id if actor else None)
    db.session.add(batch)
    for parcel in parcels:
        parcel.batch = batch
        dispatch_round = len(parcel.shipments) + 1
        shipment = Shipment(
            parcel=parcel, idempotency_key=f"antar-{office.code}-{parcel.id}-{dispatch_round}"
        )
        db.session.add(shipment)
        db.session.flush()
        outbox.add_entry("shipment.submit", shipment_id=shipment.id)
    record_change(
        "dispatch.create",
        batch,
        actor=actor,
        after={"parcels": [parcel.tracking_code for parcel in parcels]},
    )
    db.session.commit()
    outbox.drain()
    return batch


def submit_shipments(work: list[tuple[int, int | None]]) -> None:
    """Submit each shipment; if some failed for now, raise the last error so the job retries."""
    retry_error = None
    for shipment_id, outbox_entry_id in work:
        try:
            submit_shipment(shipment_id, outbox_entry_id)
        except PostalError as error:
            retry_error = error
    if retry_error:
        raise retry_error


def submit_shipment(shipment_id: int, outbox_entry_id: int | None = None) -> None:
    """Create the parcel's shipment at the carrier (a job; safe to run again)."""
    shipment = db.session.get(Shipment, shipment_id)
    if shipment is None or shipment.state != ShipmentState.WAITING:
        if outbox_entry_id:
            outbox.finish(outbox_entry_id)
        db.session.commit()
        return
    shipment.submission_attempts += 1
    db.session.commit()
    try:
        created = carrier_client().create_shipment(
            shipment_request(shipment.parcel), idempotency_key=shipment.idempotency_key
        )
    except PostalError as error:
        note_submission_failure(shipment, error, outbox_entry_id)
        return
    store_submission(shipment, created.id, created.tracking_number)
    if outbox_entry_id:
        outbox.finish(outbox_entry_id)
    db.session.commit()


def store_submission(shipment: Shipment, carrier_id: str, tracking_number: str) -> None:
    """Keep the carrier's shipment id and resi, and move the parcel to submitted."""
    shipment.carrier_shipment_id = carrier_id
    shipment.carrier_tracking_number = tracking_number
    shipment.state = ShipmentState.SUBMITTED
    shipment.submitted_at = utcnow()
    shipment.last_error = None
    record_event(
        shipment.parcel,
        Report(
            status=ParcelStatus.SUBMITTED,
            occurred_at=shipment.submitted_at,
            source=EventSource.SYSTEM,
            dedupe_key=f"submitted:{shipment.id}",
            note=tracking_number,
        ),
    )


def note_submission_failure(shipment: Shipment, error: PostalError, entry_id: int | None):
    """Keep the error for staff; give up on permanent errors or after the last attempt."""
    message = f"{type(error).__name__}: {error}"
    shipment.last_error = message[:2000]
    permanent = isinstance(error, PERMANENT_ERRORS)
    exhausted = shipment.submission_attempts >= current_app.config["SUBMISSION_MAX_ATTEMPTS"]
    if permanent or exhausted:
        shipment.state = ShipmentState.FAILED
        if entry_id:
            outbox.finish(entry_id, error=message)
    db.session.commit()
    log.warning(
        "submitting shipment %s failed (attempt %s): %s",
        shipment.id,
        shipment.submission_attempts,
        message,
    )
    if not (permanent or exhausted):
        raise error  # let the queue retry with its growing intervals


def retry_submission(shipment: Shipment, actor: User | None) -> None:
    """Try a failed submission again (a button on the staff pages)."""
    if shipment.state != ShipmentState.FAILED:
        raise Conflict(_("This shipment is not failed."), field="shipment")
    shipment.state = ShipmentState.WAITING
    shipment.submission_attempts = 0
    outbox.add_entry("shipment.submit", shipment_id=shipment.id)
    record_change(
        "shipment.retry",
        shipment,
        actor=actor,
        before={"state": "failed"},
        after={"state": "waiting"},
    )
    db.session.commit()
    outbox.drain()


@dataclass(frozen=True)
class BatchProgress:
    total: int
    submitted: int
    failed: int
    waiting: int

    @property
    def finished(self) -> bool:
        return self.waiting == 0


def batch_progress(batch: DispatchBatch) -> BatchProgress:
    """Count the batch's shipments by where their submission stands."""
    rows = db.session.execute(
        sa.select(Shipment.state, sa.func.count())
        .join(Parcel)
        .where(Parcel.batch_id == batch.id)
        .group_by(Shipment.state)
    ).all()
    counts = dict(rows)
    return BatchProgress(
        total=sum(counts.values()),
        submitted=counts.get(ShipmentState.SUBMITTED, 0),
        failed=counts.get(ShipmentState.FAILED, 0),
        waiting=counts.get(ShipmentState.WAITING, 0),
    )


PICKUP_LIMIT = 100  # shipments per pickup request, as the carrier allows


def request_pickup(batch: DispatchBatch, actor: User | None) -> str:
    """Ask the carrier to collect the batch's submitted shipments; return the pickup ids."""
    shipments = db.session.scalars(
        sa.select(Shipment)
        .join(Parcel)
        .where(Parcel.batch_id == batch.id, Shipment.state == ShipmentState.SUBMITTED)
    ).all()
    if not shipments:
        raise Conflict(_("No shipment of this batch has been accepted yet."), field="batch")
    carrier_ids = [shipment.carrier_shipment_id for shipment in shipments]
    pickups = []
    try:
        for start in range(0, len(carrier_ids), PICKUP_LIMIT):
            pickups.append(
                carrier_client().request_pickup(carrier_ids[start : start + PICKUP_LIMIT]).id
            )
    except PostalError as error:
        raise DomainError(
            _("The postal service refused the pickup: %(error)s", error=str(error)), field="batch"
        ) from error
    finally:
        if pickups:
            note_pickups(batch, pickups, len(shipments), actor)
    return batch.pickup_reference


def note_pickups(
    batch: DispatchBatch, pickups: list[str], shipments: int, actor: User | None
) -> None:
    """Keep the pickup ids on the batch and in the audit trail."""
    batch.pickup_reference = ", ".join(pickups)
    batch.pickup_requested_at = utcnow()
    record_change(
        "dispatch.pickup", batch, actor=actor, after={"pickups": pickups, "shipments": shipments}
    )
    db.session.commit()
