"""The outbox: work written in the same transaction as the change that calls for it.

An entry is leased when it is handed to the queue; a job marks it done. If the queue or the
process is lost in between, the lease runs out and the next drain hands the entry out again.
"""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from delivery.clock import utcnow
from delivery.database import db
from delivery.models import OutboxEntry, OutboxState
from delivery.queue import enqueue_many

# topic: (job taking a list of [payload value, entry id] pairs, payload key)
TOPIC_JOBS = {
    "shipment.submit": ("delivery.tasks.submit_shipments", "shipment_id"),
    "resident.message": ("delivery.tasks.send_resident_messages", "event_id"),
}


def add_entry(topic: str, **payload: Any) -> OutboxEntry:
    """Add work to the current transaction; it is handed out only if the transaction commits."""
    entry = OutboxEntry(topic=topic, payload=payload)
    db.session.add(entry)
    return entry


def add_entries_for(topic: str, key: str, ids: sa.Select) -> None:
    """Add an entry {key: id} for each id the query selects, in one INSERT ... SELECT."""
    make_object = "json_build_object" if db.engine.dialect.name == "postgresql" else "json_object"
    selected = ids.subquery()
    id_column = next(iter(selected.c))
    rows = sa.select(
        sa.literal(topic), getattr(sa.func, make_object)(sa.literal(key), id_column)
    ).order_by(id_column)
    # the columns' own defaults (pending, due now) fill in the rest
    db.session.execute(OutboxEntry.__table__.insert().from_select(["topic", "payload"], rows))


def lease_due_entries(limit: int) -> list[sa.Row]:
    """Lease pending entries whose lease has run out (locked against a concurrent drain) in
    one statement; return their id, topic, payload and attempts, oldest first."""
    now = utcnow()
    due = (
        sa.select(OutboxEntry.id)
        .where(OutboxEntry.state == OutboxState.PENDING, OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    leased = db.session.execute(
        sa.update(OutboxEntry)
        .where(OutboxEntry.id.in_(due.scalar_subquery()))
        .values(attempts=OutboxEntry.attempts + 1, next_attempt_at=now + lease)
        .returning(OutboxEntry.id, OutboxEntry.topic, OutboxEntry.payload, OutboxEntry.attempts),
        execution_options={"synchronize_session": False},
    ).all()
    return sorted(leased, key=lambda entry: entry.id)


def drain(limit: int = 1000) -> int:
    """Lease due entries and queue their jobs, a few entries per job; return how many."""
    entries = lease_due_entries(limit)
    db.session.commit()
    for topic in {entry.topic for entry in entries}:
        function, key = TOPIC_JOBS[topic]
        work = [
            [entry.payload[key], entry.id, entry.attempts]
            for entry in entries
            if entry.topic == topic
        ]
        size = current_app.config["OUTBOX_ENTRIES_PER_JOB"]
        chunks = [work[start : start + size] for start in range(0, len(work), size)]
        enqueue_many(
            function,
            [
                (
                    f"outbox-{chunk[0][1]}-{len(chunk)}-lease-{chunk[0][2]}",
                    ([pair[:2] for pair in chunk],),
                )
                for chunk in chunks
            ],
        )
    return len(entries)


def finish(entry_id: int | None, error: str | None = None) -> None:
    """Mark an entry done, or failed for good with the error staff will see."""
    finish_entries([entry_id] if entry_id else [], error)


def finish_entries(entry_ids: list[int], error: str | None = None) -> None:
    """Mark entries done (or failed for good, with the error staff will see), in one statement."""
    if entry_ids:
        db.session.execute(
            sa.update(OutboxEntry)
            .where(OutboxEntry.id.in_(entry_ids))
            .values(
                state=OutboxState.FAILED if error else OutboxState.DONE,
                last_error=error,
                processed_at=utcnow(),
            ),
            execution_options={"synchronize_session": "fetch"},
        )
