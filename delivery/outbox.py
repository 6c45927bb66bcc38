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
from delivery.queue import enqueue

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


def due_entries(limit: int) -> list[OutboxEntry]:
    """Pending entries whose lease has run out, locked against a concurrent drain."""
    query = (
        sa.select(OutboxEntry)
        .where(OutboxEntry.state == OutboxState.PENDING, OutboxEntry.next_attempt_at <= utcnow())
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def drain(limit: int = 1000) -> int:
    """Lease due entries and queue their jobs, a few entries per job; return how many."""
    entries = due_entries(limit)
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    for entry in entries:
        entry.attempts += 1
        entry.next_attempt_at = utcnow() + lease
    db.session.commit()
    for topic in {entry.topic for entry in entries}:
        function, key = TOPIC_JOBS[topic]
        work = [
            [entry.payload[key], entry.id, entry.attempts]
            for entry in entries
            if entry.topic == topic
        ]
        size = current_app.config["OUTBOX_ENTRIES_PER_JOB"]
        for start in range(0, len(work), size):
            chunk = work[start : start + size]
            enqueue(
                function,
                [pair[:2] for pair in chunk],
                job_id=f"outbox-{chunk[0][1]}-{len(chunk)}-lease-{chunk[0][2]}",
            )
    return len(entries)


def finish(entry_id: int | None, error: str | None = None) -> None:
    """Mark an entry done, or failed for good with the error staff will see."""
    entry = db.session.get(OutboxEntry, entry_id) if entry_id else None
    if entry is None:
        return
    entry.state = OutboxState.FAILED if error else OutboxState.DONE
    entry.last_error = error
    entry.processed_at = utcnow()
