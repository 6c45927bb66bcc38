"""Dispatch: staff send a batch of parcels, retry a failed submission and ask for a pickup; the
carrier's webhook events are taken in.

Marking parcels dispatched and writing the outbox entries is one transaction; the submission
job (delivery.dispatch.submission) then hands each parcel to the carrier exactly once.
"""

import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased, selectinload

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError
from delivery.core.jobs import outbox
from delivery.dispatch import carrier_events
from delivery.dispatch.carrier import carrier_client
from delivery.dispatch.tasks import apply_carrier_events, submit_shipments
from delivery.models import (
    DispatchBatch,
    Document,
    Office,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
    User,
)
from delivery.regions.quality import refuse_unchecked_addresses
from delivery.resident.requests import refuse_held_for_counter
from postal_client import PostalError


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
    outbox.add_work_for_selected(submit_shipments, newest_shipments_of(batch))
    record_change(
        "dispatch.create",
        batch,
        actor=actor,
        after={"parcels": [parcel.tracking_code for parcel in parcels]},
    )
    db.session.commit()
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
    rows = sa.select(Parcel.id, Parcel.office_id, key).where(Parcel.batch_id == batch.id)
    # the columns' own defaults (waiting, no attempts, made now) fill in the rest
    return shipment.insert().from_select(["parcel_id", "office_id", "idempotency_key"], rows)


def newest_shipments_of(batch: DispatchBatch) -> sa.Select:
    """The ids of the latest shipment of each parcel in the batch: the ones just made for it."""
    return (
        sa.select(Shipment.id)
        .join(Parcel, Parcel.id == Shipment.parcel_id)
        .where(Parcel.batch_id == batch.id, is_newest_shipment())
    )


def is_newest_shipment() -> sa.ColumnElement[bool]:
    """A condition on Shipment: no later shipment of its parcel exists (not an earlier round)."""
    later = aliased(Shipment)
    return ~sa.exists().where(later.parcel_id == Shipment.parcel_id, later.id > Shipment.id)


def retry_submission(shipment: Shipment, actor: User | None) -> None:
    """Try a failed submission again (a button on the staff pages)."""
    if shipment.state != ShipmentState.FAILED:
        raise Conflict(_("This shipment is not failed."), field="shipment")
    shipment.state = ShipmentState.WAITING
    shipment.submission_attempts = 0
    outbox.add_work(submit_shipments, [shipment.id])
    record_change(
        "shipment.retry",
        shipment,
        actor=actor,
        before={"state": "failed"},
        after={"state": "waiting"},
    )
    db.session.commit()


def accept_webhook_events(body: bytes) -> list[int]:
    """Remember a verified webhook's new events and queue their applying, in one transaction;
    return the new inbox rows (none when every event was received before)."""
    inbox_ids = carrier_events.remember_events(json.loads(body)["events"])
    outbox.add_work(apply_carrier_events, inbox_ids)
    db.session.commit()
    return inbox_ids


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
    return batches_progress([batch.id])[batch.id]


def batches_progress(batch_ids: list[int]) -> dict[int, BatchProgress]:
    """Count each batch's shipments by where their submission stands, all in one query."""
    rows = db.session.execute(
        sa.select(Parcel.batch_id, Shipment.state, sa.func.count())
        .join(Parcel, Parcel.id == Shipment.parcel_id)
        .where(Parcel.batch_id.in_(batch_ids), is_newest_shipment())
        .group_by(Parcel.batch_id, Shipment.state)
    ).all()
    counts = {batch_id: {} for batch_id in batch_ids}
    for batch_id, state, count in rows:
        counts[batch_id][state] = count
    return {batch_id: progress_of(states) for batch_id, states in counts.items()}


def progress_of(counts: dict[ShipmentState, int]) -> BatchProgress:
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
