"""The outbox: the one hand-off of background work, written in the transaction that calls for it.

Work is added as entries of a registered background task (delivery.core.jobs.registry), whose
topic each entry stores. When the transaction commits, one hook hands what it added to the
queue, in a transaction of its own; if the queue is down, the work simply stays due.

An entry is leased to a job when it is handed to the queue; the job marks it done. When the
lease runs out the periodic drain asks the queue about the job: one still queued, retrying or
running keeps the entry; one that is gone (Redis lost it, its worker was killed, its retries
ran out) has its entries handed out again. So lost work is picked up within a lease and a
periodic interval, and work that only waits in a long queue is not handed out twice.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs.queue import QueueUnavailable, enqueue_many, live_job_ids
from delivery.core.jobs.registry import Job, task_for_topic, task_of
from delivery.models import OutboxEntry, OutboxState

log = logging.getLogger(__name__)
ADDED = "antar.outbox_added"  # session.info: the entries the open transaction added
DEFERRED = "antar.outbox_deferred"  # session.info: work for rows that get their ids at commit


def add_work(task: Job, ids: Iterable[int]) -> list[int]:
    """Add an entry of the task for each id to the current transaction; return the entries."""
    registered = task_of(task)
    rows = [{"topic": registered.topic, "payload": {registered.key: id_}} for id_ in ids]
    if not rows:
        return []
    entry_ids = list(db.session.scalars(sa.insert(OutboxEntry).returning(OutboxEntry.id), rows))
    note_added(db.session, entry_ids)
    return entry_ids


def add_work_for_rows(task: Job, rows: Iterable[object]) -> None:
    """Add an entry of the task for each row (a mapped object, perhaps not flushed yet) to the
    current transaction: written at commit, with the rows' ids, in one INSERT for all the work
    the transaction deferred (no flush and no INSERT for each row)."""
    session = db.session()
    session.info.setdefault(DEFERRED, []).extend((task, row) for row in rows)


def write_deferred_work(session: Session) -> None:
    """Before a transaction commits: give the deferred rows their ids, and write their work."""
    deferred = session.info.pop(DEFERRED, None)
    if not deferred:
        return
    session.flush()
    rows = []
    for task, row in deferred:
        registered = task_of(task)
        rows.append({"topic": registered.topic, "payload": {registered.key: row.id}})
    entry_ids = list(session.scalars(sa.insert(OutboxEntry).returning(OutboxEntry.id), rows))
    note_added(session, entry_ids)


def add_work_for_selected(task: Job, ids: sa.Select) -> None:
    """Add an entry of the task for each id the query selects, in one INSERT ... SELECT."""
    registered = task_of(task)
    make_object = "json_build_object" if db.engine.dialect.name == "postgresql" else "json_object"
    selected = ids.subquery()
    id_column = next(iter(selected.c))
    rows = sa.select(
        sa.literal(registered.topic),
        getattr(sa.func, make_object)(sa.literal(registered.key), id_column),
    ).order_by(id_column)
    # the columns' own defaults (pending, due now) fill in the rest
    insert = OutboxEntry.__table__.insert().from_select(["topic", "payload"], rows)
    note_added(db.session, db.session.scalars(insert.returning(OutboxEntry.id)).all())


def note_added(session: Session, entry_ids: list[int]) -> None:
    session.info.setdefault(ADDED, []).extend(entry_ids)


def install_hand_out_after_commit() -> None:
    """Listen, once per process, for the app's transactions ending (create_app calls this)."""
    for name, listener in (
        ("before_commit", write_deferred_work),
        ("after_commit", hand_out_after_commit),
        ("after_rollback", forget_after_rollback),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


def hand_out_after_commit(session: Session) -> None:
    """Hand the work a committed transaction added to the queue, in a transaction of its own
    (the committed one can run no more statements); a failure leaves the work due."""
    if session.in_nested_transaction():
        return
    entry_ids = session.info.pop(ADDED, None)
    if not entry_ids:
        return
    with Session(db.engine) as handing:
        try:
            hand_out_new_entries(handing, entry_ids)
        except Exception:
            log.exception("outbox entries %s wait for the periodic drain", entry_ids)


def forget_after_rollback(session: Session) -> None:
    """Work added by a transaction that was rolled back was never there."""
    if not session.in_nested_transaction():
        session.info.pop(ADDED, None)
        session.info.pop(DEFERRED, None)


def hand_out_new_entries(session: Session, entry_ids: list[int]) -> None:
    """Lease the entries no drain took meanwhile to new jobs, queue them, and commit."""
    entries = session.execute(
        entry_columns()
        .where(
            OutboxEntry.id.in_(entry_ids),
            OutboxEntry.state == OutboxState.PENDING,
            OutboxEntry.job_id.is_(None),
        )
        .order_by(OutboxEntry.id)
        .with_for_update(skip_locked=True)
    ).all()
    try:
        hand_out(session, entries)
    except QueueUnavailable as error:
        session.rollback()
        log.warning("%s outbox entries wait for the queue: %s", len(entries), error)
        return
    session.commit()


def entry_columns() -> sa.Select:
    return sa.select(
        OutboxEntry.id,
        OutboxEntry.topic,
        OutboxEntry.payload,
        OutboxEntry.attempts,
        OutboxEntry.job_id,
    )


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
        hand_out(db.session, lost)
    except QueueUnavailable as error:
        db.session.rollback()
        log.warning("%s outbox entries wait for the queue: %s", len(due), error)
        return 0
    db.session.commit()
    return len(lost)


def due_entries(limit: int) -> list[sa.Row]:
    """Pending entries whose lease has run out, oldest first, locked against a concurrent drain."""
    due = (
        entry_columns()
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


def hand_out(session: Session, entries: list[sa.Row]) -> None:
    """Lease entries to new jobs, a few per job, and queue the jobs (one round trip per topic)."""
    size = current_app.config["OUTBOX_ENTRIES_PER_JOB"]
    for topic in sorted({entry.topic for entry in entries}):
        task = task_for_topic(topic)
        work = [entry for entry in entries if entry.topic == topic]
        chunks = [work[start : start + size] for start in range(0, len(work), size)]
        jobs = {
            f"outbox-{chunk[0].id}-{len(chunk)}-lease-{chunk[0].attempts + 1}": chunk
            for chunk in chunks
        }
        note_leases(session, jobs)
        enqueue_many(
            task.import_path,
            [
                (job_id, ([[entry.payload[task.key], entry.id] for entry in chunk],))
                for job_id, chunk in jobs.items()
            ],
            timeout=task.timeout,
        )


def note_leases(session: Session, jobs: dict[str, list[sa.Row]]) -> None:
    """Count one more hand-out of each entry, and note its job and the end of its lease."""
    until = lease_end()
    session.execute(
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
