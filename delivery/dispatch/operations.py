"""Dispatch: staff send a batch of parcels; jobs hand each one to the carrier exactly once.

Marking parcels dispatched and writing the outbox entries is one transaction. The submit job
sends the shipment with an idempotency key derived from the parcel and its dispatch round, so
a retry after a timeout or a crash finds the shipment the carrier already made.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, selectinload

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError
from delivery.core.jobs import outbox
from delivery.dispatch import carrier_events
from delivery.dispatch.carrier import carrier_client, shipment_request
from delivery.dispatch.failures import note_failure_kind
from delivery.models import (
    DispatchBatch,
    Document,
    EventSource,
    Office,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
    User,
)
from delivery.parcels.events import Report, record_events
from delivery.regions.quality import refuse_unchecked_addresses
from delivery.resident.requests import refuse_held_for_counter
from postal_client import AuthenticationError, PostalError, ValidationFailed
from postal_client import Shipment as CarrierShipment

log = logging.getLogger(__name__)
PERMANENT_ERRORS = (ValidationFailed, AuthenticationError)


def check_dispatchable(office: Office, parcels: list[Parcel]) -> None:
    """Refuse parcels that are not ready in this office, naming the first such parcel."""
    if not parcels:
        raise DomainError(_("Select at least one parcel to dispatch."), field="parcels")
    with_documents = set(
        db.session.scalars(
            sa.select(Document.parcel_id)
            .distinct()
            .where(Document.parcel_id.in_([parcel.id for parcel in parcels]))
        )
    )
    for parcel in parcels:
        if parcel.office_id != office.id or parcel.status != ParcelStatus.READY:
            raise Conflict(
                _("Parcel %(code)s is not ready to send.", code=parcel.tracking_code),
                field="parcels",
            )
        if parcel.batch_id is not None or parcel.id not in with_documents:
            raise Conflict(
                _("Parcel %(code)s is already being sent or is empty.", code=parcel.tracking_code),
                field="parcels",
            )
    refuse_held_for_counter(parcels)
    refuse_unchecked_addresses(parcels)


def dispatch_parcels(office: Office, parcels: list[Parcel], actor: User | None) -> DispatchBatch:
    """Mark the parcels dispatched and queue their submission, in one transaction.

    A few statements for the whole batch, whatever its size: the parcels are claimed for the
    batch in one UPDATE (a parcel another dispatch claimed meanwhile fails the whole batch),
    their shipments and then the shipments' outbox entries are made by an INSERT ... SELECT.
    """
    check_dispatchable(office, parcels)
    parcel_ids = [parcel.id for parcel in parcels]
    batch = DispatchBatch(office_id=office.id, created_by_id=actor.id if actor else None)
    db.session.add(batch)
    db.session.flush()
    claimed = db.session.execute(
        sa.update(Parcel)
        .where(Parcel.id.in_(parcel_ids), Parcel.batch_id.is_(None))
        .values(batch_id=batch.id),
        execution_options={"synchronize_session": False},  # the commit below expires them
    ).rowcount
    if claimed != len(parcel_ids):
        db.session.rollback()
        raise Conflict(_("Some of these parcels are already being sent."), field="parcels")
    db.session.execute(shipments_for_batch(office, batch))
    outbox.add_entries_for("shipment.submit", "shipment_id", newest_shipments_of(batch))
    record_change(
        "dispatch.create",
        batch,
        actor=actor,
        after={"parcels": [parcel.tracking_code for parcel in parcels]},
    )
    db.session.commit()
    outbox.drain()
    return batch


def shipments_for_batch(office: Office, batch: DispatchBatch) -> sa.Insert:
    """Make a waiting shipment for each parcel of the batch, keyed by the parcel and the round
    it is sent in (a returned parcel sent again gets a new key, so a new carrier shipment)."""
    shipment = Shipment.__table__
    earlier_rounds = (
        sa.select(sa.func.count()).where(shipment.c.parcel_id == Parcel.id).scalar_subquery()
    )
    key = (
        sa.literal(f"antar-{office.code}-")
        + sa.cast(Parcel.id, sa.String)
        + sa.literal("-")
        + sa.cast(earlier_rounds + 1, sa.String)
    )
    rows = sa.select(Parcel.id, key).where(Parcel.batch_id == batch.id)
    # the columns' own defaults (waiting, no attempts, made now) fill in the rest
    return shipment.insert().from_select(["parcel_id", "idempotency_key"], rows)


def newest_shipments_of(batch: DispatchBatch) -> sa.Select:
    """The ids of the latest shipment of each parcel in the batch: the ones just made for it."""
    later = aliased(Shipment)
    return (
        sa.select(Shipment.id)
        .join(Parcel, Parcel.id == Shipment.parcel_id)
        .where(
            Parcel.batch_id == batch.id,
            ~sa.exists().where(later.parcel_id == Shipment.parcel_id, later.id > Shipment.id),
        )
    )


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
        .where(Shipment.id.in_(newest_shipments_of(batch)))  # not a parcel's earlier rounds
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
    shipments = accepted_shipments(batch)
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


def accepted_shipments(batch: DispatchBatch) -> list[Shipment]:
    """The batch's shipments the carrier accepted (not those of a parcel's earlier rounds), with
    their parcels, in the order of a courier's round: the manifest and the pickup hold these."""
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .join(Parcel)
            .where(
                Shipment.id.in_(newest_shipments_of(batch)),
                Shipment.state == ShipmentState.SUBMITTED,
            )
            .options(selectinload(Shipment.parcel).selectinload(Parcel.documents))
            .order_by(Parcel.district, Parcel.village, Parcel.id)
        )
    )


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
