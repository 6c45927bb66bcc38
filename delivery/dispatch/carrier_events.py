"""Tracking events from the carrier: remembered from webhooks, fetched by polling, applied.

A webhook event for a shipment Antar does not know yet (the carrier's answer to the create
call was lost, so its id comes with a later try) waits in the inbox: the job that stores that
shipment id applies it right after, and the periodic work applies any that job missed. An event
whose words carrier_statuses cannot read (a code the carrier added since) is kept in the inbox
for staff, webhook or polled, and changes no parcel.
"""

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.dispatch.carrier import carrier_client
from delivery.dispatch.carrier_statuses import in_antars_words
from delivery.models import (
    CarrierInboxEvent,
    EventOutcome,
    EventSource,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
    TrackingEvent,
)
from delivery.models.parcel import WITH_THE_CARRIER_CONDITION
from delivery.parcels.clock_skew import dated_among
from delivery.parcels.events import COUNTED_OUTCOMES, Recorder, Report
from postal_client import TrackingBatch
from postal_client import TrackingEvent as CarrierEvent

log = logging.getLogger(__name__)
WAITING_FOR_SHIPMENT = "unknown_shipment"
UNREADABLE = "unreadable"  # kept for staff: carrier_statuses has no row for its words
APPLY_BATCH_SIZE = 200  # inbox events applied in one transaction


def remember_events(raw_events: list[dict], **columns: object) -> list[int]:
    """Insert carrier events into the inbox unless their ids are there; return the new rows
    (one statement, so a batch delivered twice at once stores each event once)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(CarrierInboxEvent).on_conflict_do_nothing().returning(CarrierInboxEvent.id)
    )
    rows = [
        {
            "carrier_event_id": raw["event_id"],
            "carrier_shipment_id": raw["shipment_id"],
            "payload": raw,
            "received_at": utcnow(),
            **columns,
        }
        for raw in raw_events
    ]
    return list(db.session.scalars(statement, rows))


def unprocessed_events() -> sa.Select:
    """Remembered events not applied yet, locked for this transaction; those another
    transaction holds are skipped, as it is applying them."""
    return (
        sa.select(CarrierInboxEvent)
        .where(CarrierInboxEvent.processed_at.is_(None))
        .with_for_update(skip_locked=True)
    )


def apply_inbox_events(inbox_ids: Iterable[int]) -> None:
    """Apply remembered webhook events, a batch per transaction (a job; safe to rerun)."""
    ids = list(inbox_ids)
    for start in range(0, len(ids), APPLY_BATCH_SIZE):
        apply_inbox_batch(ids[start : start + APPLY_BATCH_SIZE])


def apply_inbox_batch(inbox_ids: list[int], and_then: Callable[[], object] = list) -> None:
    """Apply remembered events in the order they arrived, in one transaction with a few
    queries for all of them, `and_then` in the same transaction (the job's bookkeeping); a
    batch that meets an event recorded meanwhile by another transaction is applied again
    event by event, so none is lost or recorded twice."""
    try:
        inboxes = db.session.scalars(
            unprocessed_events()
            .where(CarrierInboxEvent.id.in_(inbox_ids))
            .order_by(CarrierInboxEvent.id)
        ).all()
        apply_in_one_go(inboxes)
        and_then()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        log.info("a batch of %s carrier events is applied one by one", len(inbox_ids))
        for inbox_id in inbox_ids:
            inbox = db.session.scalar(unprocessed_events().where(CarrierInboxEvent.id == inbox_id))
            if inbox is not None:
                apply_inbox_event(inbox)
            db.session.commit()
        and_then()
        db.session.commit()


def apply_in_one_go(inboxes: Sequence[CarrierInboxEvent]) -> None:
    """Apply locked inbox events in order: their shipments are read and their parcels locked
    (in id order, as every batch does) once for all, and each event is recorded without a
    savepoint of its own (their parcels are locked, so no one else records them meanwhile)."""
    events = [CarrierEvent.from_json(inbox.payload) for inbox in inboxes]
    shipments = shipments_by_carrier_id({event.shipment_id for event in events})
    parcels = locked_parcels({shipment.parcel_id for shipment in shipments.values()})
    recorder = CarrierRecorder.for_parcels(
        set(parcels.values()), [f"carrier:{event.event_id}" for event in events]
    )
    for inbox, event in zip(inboxes, events, strict=True):
        shipment = shipments.get(event.shipment_id)
        if shipment is None:
            log.info("carrier event %s waits for shipment %s", event.event_id, event.shipment_id)
            inbox.outcome = WAITING_FOR_SHIPMENT
            continue
        inbox.outcome = record_carrier_event(
            recorder, parcels[shipment.parcel_id], event, EventSource.CARRIER_WEBHOOK
        )
        inbox.processed_at = utcnow()


class KnownEvent(NamedTuple):
    """What a recorder needs of an event it did not record itself (applied or stale ones
    never change)."""

    id: int
    status: ParcelStatus
    outcome: EventOutcome
    occurred_at: datetime
    reported_at: datetime | None


class CarrierRecorder(Recorder):
    """A recorder for carrier events of locked parcels, holding the parcels' events: read
    once for all, kept up as it records. No savepoint per event (the parcels are locked, so no
    one else records them meanwhile); each event is dated by our clock, and failed attempts are
    counted, against the events held, with no query (and no flush) per event."""

    @classmethod
    def for_parcels(cls, parcels: set[Parcel], keys: list[str]) -> "CarrierRecorder":
        recorder = super().for_parcels(parcels, keys)
        recorder.guard_each = False
        recorder.events = defaultdict(list)
        for parcel_id, kept in recorder.kept.items():  # their outcome changes when applied
            recorder.events[parcel_id].extend(kept)
        for parcel_id, *known in db.session.execute(
            sa.select(
                TrackingEvent.parcel_id,
                TrackingEvent.id,
                TrackingEvent.status,
                TrackingEvent.outcome,
                TrackingEvent.occurred_at,
                TrackingEvent.reported_at,
            ).where(
                TrackingEvent.parcel_id.in_([parcel.id for parcel in parcels]),
                TrackingEvent.outcome != EventOutcome.REJECTED,
            )
        ):
            recorder.events[parcel_id].append(KnownEvent(*known))
        return recorder

    def dated(self, parcel: Parcel, reported: datetime) -> tuple[datetime, datetime | None]:
        known = [
            (event.reported_at or event.occurred_at, event.occurred_at)
            for event in self.events[parcel.id]
        ]
        return dated_among(parcel, reported, known)

    def count_failed_attempts(self, parcel: Parcel) -> int:
        """As delivery.parcels.events.count_failed_attempts counts them, from the events held:
        the failed attempts since the parcel was last made ready, in time and then recorded
        order (one not flushed yet comes after those that were)."""

        def position(event: TrackingEvent | KnownEvent) -> tuple[datetime, float]:
            return event.occurred_at, math.inf if event.id is None else event.id

        events = self.events[parcel.id]
        made_ready = max(
            (
                position(event)
                for event in events
                if event.status == ParcelStatus.READY and event.outcome == EventOutcome.APPLIED
            ),
            default=None,
        )
        return sum(
            1
            for event in events
            if event.status == ParcelStatus.ATTEMPT_FAILED
            and event.outcome in COUNTED_OUTCOMES
            and (made_ready is None or position(event) > made_ready)
        )

    def write(self, event: TrackingEvent) -> bool:
        written = super().write(event)
        if written:
            self.events[event.parcel.id].append(event)
        return written


def shipments_by_carrier_id(carrier_shipment_ids: set[str]) -> dict[str, Shipment]:
    return {
        shipment.carrier_shipment_id: shipment
        for shipment in db.session.scalars(
            sa.select(Shipment).where(Shipment.carrier_shipment_id.in_(carrier_shipment_ids))
        )
    }


def locked_parcels(parcel_ids: set[int]) -> dict[int, Parcel]:
    """The parcels, locked in id order and read afresh, with their offices."""
    return {
        parcel.id: parcel
        for parcel in db.session.scalars(
            sa.select(Parcel)
            .where(Parcel.id.in_(parcel_ids))
            .order_by(Parcel.id)
            .with_for_update(of=Parcel)
            .options(selectinload(Parcel.office))
            .execution_options(populate_existing=True)
        )
    }


def apply_events_waiting_for(carrier_shipment_ids: list[str]) -> int:
    """Apply, in the order they happened, the events that waited for these carrier shipments,
    once their ids are committed; return how many.

    An applier still deciding on one of them is waited for (it saw no shipment, so it holds no
    parcel): every event either sees the shipment or is found here, none is left behind."""
    waiting = db.session.scalars(
        sa.select(CarrierInboxEvent)
        .where(
            CarrierInboxEvent.processed_at.is_(None),
            CarrierInboxEvent.carrier_shipment_id.in_(carrier_shipment_ids),
        )
        .with_for_update()
    ).all()
    for inbox in sorted(
        waiting, key=lambda inbox: CarrierEvent.from_json(inbox.payload).occurred_at
    ):
        apply_inbox_event(inbox)
    db.session.commit()
    return len(waiting)


def apply_inbox_event(inbox: CarrierInboxEvent) -> None:
    """Apply one remembered event; one for a shipment not known yet keeps waiting for it."""
    event = CarrierEvent.from_json(inbox.payload)
    inbox.outcome = apply_carrier_event(event, EventSource.CARRIER_WEBHOOK)
    if inbox.outcome != WAITING_FOR_SHIPMENT:
        inbox.processed_at = utcnow()


def apply_carrier_event(event: CarrierEvent, source: EventSource) -> str:
    """Apply one carrier event to its parcel; return what became of it."""
    shipment = db.session.scalar(
        sa.select(Shipment).filter_by(carrier_shipment_id=event.shipment_id)
    )
    if shipment is None:
        log.info("carrier event %s waits for shipment %s", event.event_id, event.shipment_id)
        return WAITING_FOR_SHIPMENT
    if in_antars_words(event) is None:
        keep_unreadable(event)
        return UNREADABLE
    parcel = locked_parcel(shipment)
    recorder = CarrierRecorder.for_parcels({parcel}, [f"carrier:{event.event_id}"])
    recorder.guard_each = True  # a single event keeps the savepoint that guards it
    return record_carrier_event(recorder, parcel, event, source)


def record_carrier_event(
    recorder: CarrierRecorder, parcel: Parcel, event: CarrierEvent, source: EventSource
) -> str:
    """Record one carrier event against its (locked) parcel; return what became of it."""
    words = in_antars_words(event)
    if words is None:
        keep_unreadable(event)
        return UNREADABLE
    status, reason = words
    occurred_at, reported_at = recorder.dated(parcel, event.occurred_at)
    recorded = recorder.record(
        parcel,
        Report(
            status=status,
            occurred_at=occurred_at,
            reported_at=reported_at,
            source=source,
            dedupe_key=f"carrier:{event.event_id}",
            carrier_code=str(event.code),
            reason=reason,
            location=event.location[:200] or None,
        ),
    )
    return recorded.outcome.value if recorded else "duplicate"


def keep_unreadable(event: CarrierEvent) -> None:
    """Keep an event Antar cannot read in the inbox, done with, for staff (a polled one is not
    there yet); the parcel does not move."""
    log.warning(
        "carrier event %s of shipment %s has code %s, which Antar cannot read; kept for staff",
        event.event_id,
        event.shipment_id,
        event.code,
    )
    remember_events([event.to_json()], outcome=UNREADABLE, processed_at=utcnow())


def locked_parcel(shipment: Shipment) -> Parcel:
    """The shipment's parcel, locked and read afresh: two workers applying events of one parcel
    at once take turns, each judging its event against the status the other left."""
    return db.session.scalars(
        sa.select(Parcel)
        .where(Parcel.id == shipment.parcel_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def shipments_to_poll(limit: int, after: tuple[int, int] = (0, 0)) -> list[Shipment]:
    """Shipments still with the carrier that have been quiet for a while, in the order of
    their parcels after `after` (a parcel id and a shipment id), locked so that two workers
    polling at once ask about different ones. The parcels with the carrier are walked by their
    own index, so a batch costs the same however many parcels the country has delivered."""
    quiet_since = utcnow() - timedelta(minutes=current_app.config["POLL_QUIET_MINUTES"])
    after_parcel, after_shipment = after
    return list(
        db.session.scalars(
            sa.select(Shipment)
            .join(Parcel)
            .where(
                sa.text(f"parcel.{WITH_THE_CARRIER_CONDITION}"),  # as the index says it
                Parcel.id >= after_parcel,
                Shipment.parcel_id >= after_parcel,  # either side of the join starts there
                sa.tuple_(Parcel.id, Shipment.id) > sa.tuple_(after_parcel, after_shipment),
                Parcel.status_changed_at < quiet_since,
                Shipment.state == ShipmentState.SUBMITTED,
                sa.or_(Shipment.last_polled_at.is_(None), Shipment.last_polled_at < quiet_since),
            )
            .order_by(Parcel.id, Shipment.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Shipment)
        )
    )


class PollingRound:
    """Where this process's polling round stands, so that the next periodic call goes on
    from there rather than walking the parcels polled a moment ago (a hint: any start is
    correct, as the quiet ones are chosen by the database)."""

    after: tuple[int, int] = (0, 0)


def poll_carrier(max_batches: int = 5) -> int:
    """Ask the carrier for the events of quiet shipments, in small batches, each applied in
    one transaction; return how many shipments were asked about. The round goes on from
    where this process left it, and starts again once it reaches the last parcel."""
    size = current_app.config["POLL_BATCH_SIZE"]
    polled = 0
    started_again = PollingRound.after == (0, 0)
    for _ in range(max_batches):
        shipments = shipments_to_poll(size, PollingRound.after)
        if not shipments:
            db.session.commit()
            if started_again:
                break
            PollingRound.after, started_again = (0, 0), True
            continue
        PollingRound.after = max((s.parcel_id, s.id) for s in shipments)
        answer = carrier_client().track_many([s.carrier_tracking_number for s in shipments])
        try:
            apply_polled_events(shipments, answer)
            db.session.commit()
        except sa.exc.IntegrityError:  # recorded meanwhile by a writer that took no lock
            db.session.rollback()
            log.info("%s polled shipments are asked about again next round", len(shipments))
            break
        polled += len(shipments)
    return polled


def apply_polled_events(shipments: list[Shipment], answer: TrackingBatch) -> None:
    """Record the polled events of locked shipments, each shipment's in the order they
    happened, their parcels locked once for all; note the shipments polled."""
    known = {shipment.carrier_shipment_id: shipment for shipment in shipments}
    events = [
        event
        for number in answer.events
        for event in sorted(answer.events[number], key=lambda event: event.occurred_at)
    ]
    known |= shipments_by_carrier_id({event.shipment_id for event in events} - set(known))
    parcels = locked_parcels({shipment.parcel_id for shipment in known.values()})
    recorder = CarrierRecorder.for_parcels(
        set(parcels.values()), [f"carrier:{event.event_id}" for event in events]
    )
    for event in events:
        shipment = known.get(event.shipment_id)
        if shipment is not None:
            record_carrier_event(
                recorder, parcels[shipment.parcel_id], event, EventSource.CARRIER_POLL
            )
    polled_at = utcnow()
    for shipment in shipments:
        shipment.last_polled_at = polled_at


def apply_unprocessed_inbox_events(limit: int = 1000) -> int:
    """Apply remembered events whose job was lost, and waiting events whose shipment is known
    by now; return how many were tried."""
    shipment_known = sa.exists().where(
        Shipment.carrier_shipment_id == CarrierInboxEvent.carrier_shipment_id
    )
    due = list(
        db.session.scalars(
            sa.select(CarrierInboxEvent.id)
            .where(
                CarrierInboxEvent.processed_at.is_(None),
                sa.or_(CarrierInboxEvent.outcome.is_(None), shipment_known),
            )
            .order_by(CarrierInboxEvent.id)
            .limit(limit)
        )
    )
    apply_inbox_events(due)
    return len(due)
