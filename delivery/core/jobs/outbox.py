"""The outbox: work written in the same transaction as the change that calls for it.

An entry is leased to a job when it is handed to the queue; the job marks it done. When the
lease runs out the next drain asks the queue about the job: one still queued, retrying or
running keeps the entry; one that is gone (Redis lost it, its worker was killed, its retries
ran out) has its entries handed out again. So lost work is picked up within a lease and a
periodic interval, and work that only waits in a long queue is not handed out twice.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs.queue import QueueUnavailable, enqueue_many, live_job_ids
from delivery.models import OutboxEntry, OutboxState

log = logging.getLogger(__name__)

# topic: (job taking a list of [payload value, entry id] pairs, payload key)
TOPIC_JOBS = {
    "shipment.submit": ("delivery.dispatch.tasks.submit_shipments", "shipment_id"),
    "resident.message": ("delivery.notifications.tasks.send_resident_messages", "event_id"),
    "carrier.instruction": (
        "delivery.instructions.tasks.send_carrier_instructions",
        "instruction_id",
    ),
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


def drain(limit: int = 1000) -> int:
    """Hand due outbox work to the queue, a few entries per job; return how many entries.

    Work whose job is still queued, retrying or running keeps it for another lease. When the
    queue is unreachable nothing changes: the work stays due for the next drain.
    """
    due = due_entries(limit)
    try:
        alive = live_job_ids({entry.job_id for entry in due if entry.job_id})
        renew_leases([entry.id for entry in due if entry.job_id in alive])
        lost = [entry for entry in due if entry.job_id not in alive]
        hand_out(lost)
    except QueueUnavailable as error:
        db.session.rollback()
        log.warning("%s outbox entries wait for the queue: %s", len(due), error)
        return 0
    db.session.commit()
    return len(lost)


def due_entries(limit: int) -> list[sa.Row]:
    """Pending entries whose lease has run out, oldest first, locked against a concurrent drain."""
    due = (
        sa.select(
            OutboxEntry.id,
            OutboxEntry.topic,
            OutboxEntry.payload,
            OutboxEntry.attempts,
            OutboxEntry.job_id,
        )
        .where(OutboxEntry.state == OutboxState.PENDING, OutboxEntry.next_attempt_at <= utcnow())
        .order_by(OutboxEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # SQLite has one writer and no row locks
    )
    return list(db.session.execute(due))


def lease_end() -> datetime:
    """When a lease taken now runs out."""
    return utcnow() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def renew_leases(entry_ids: list[int]) -> None:
    """Leave entries with the job that holds them for another lease."""
    if entry_ids:
        db.session.execute(
            sa.update(OutboxEntry)
            .where(OutboxEntry.id.in_(entry_ids))
            .values(next_attempt_at=lease_end()),
            execution_options={"synchronize_session": False},
        )


def hand_out(entries: list[sa.Row]) -> None:
    """Lease entries to new jobs, a few per job, and queue the jobs (one round trip per topic)."""
    size = current_app.config["OUTBOX_ENTRIES_PER_JOB"]
    for topic in sorted({entry.topic for entry in entries}):
        function, key = TOPIC_JOBS[topic]
        work = [entry for entry in entries if entry.topic == topic]
        chunks = [work[start : start + size] for start in range(0, len(work), size)]
        jobs = {
            f"outbox-{chunk[0].id}-{len(chunk)}-lease-{chunk[0].attempts + 1}": chunk
            for chunk in chunks
        }
        note_leases(jobs)
        enqueue_many(
            function,
            [
                (job_id, ([[entry.payload[key], entry.id] for entry in chunk],))
                for job_id, chunk in jobs.items()
            ],
        )


def note_leases(jobs: dict[str, list[sa.Row]]) -> None:
    """Count one more hand-out of each entry, and note its job and the end of its lease."""
    until = lease_end()
    db.session.execute(
        sa.update(OutboxEntry),
        [
            {
                "id": entry.id,
                "attempts": entry.attempts + 1,
                "job_id": job_id,
                "next_attempt_at": until,
            }
            for job_id, chunk in jobs.items()
            for entry in chunk
        ],
    )


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
