"""The one hand-off: work added to a transaction reaches the queue when, and only when, it commits,
as a job of the function its topic was registered with."""

import pytest
import sqlalchemy as sa
from redis import Redis
from rq import Queue

from delivery.core.audit import record_change
from delivery.core.extensions import db
from delivery.core.jobs import outbox
from delivery.core.jobs.periodic import run_periodic_work
from delivery.core.jobs.queue import QUEUE_NAME
from delivery.core.jobs.registry import PERIODIC_TASKS, background_task, task_of
from delivery.demo import demo_office
from delivery.models import AuditEntry, Office, OutboxEntry, OutboxState


@background_task("test.office_seen", key="office_id")
def note_offices_seen(work: list[list[int]]) -> None:
    """A job: leave an audit entry per office, and mark the work done."""
    for office_id, entry_id in work:
        office = db.session.get(Office, office_id)
        record_change("office.seen", office, after={"code": office.code}, actor_label="job")
        outbox.finish(entry_id)
    db.session.commit()


@pytest.fixture
def queue(app, redis_url) -> Queue:
    app.config["REDIS_URL"] = redis_url
    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))


def entries() -> list[tuple[str, OutboxState, int, bool]]:
    db.session.expire_all()
    return [
        (entry.topic, entry.state, entry.attempts, entry.job_id is not None)
        for entry in db.session.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.id))
    ]


def test_work_reaches_the_queue_when_its_transaction_commits(app, office, queue, run_jobs):
    outbox.add_work(note_offices_seen, [office.id])
    assert queue.count == 0

    db.session.commit()

    [job] = queue.jobs
    assert job.args == (task_of(note_offices_seen).import_path, [[office.id, 1]])
    assert entries() == [("test.office_seen", OutboxState.PENDING, 1, True)]
    run_jobs()
    assert entries() == [("test.office_seen", OutboxState.DONE, 1, True)]
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.seen"]


def test_work_of_a_transaction_rolled_back_never_reaches_the_queue(app, office, queue):
    outbox.add_work(note_offices_seen, [office.id])
    db.session.rollback()
    db.session.commit()

    assert queue.count == 0 and entries() == []


def test_a_savepoint_hands_nothing_out_before_its_transaction_commits(app, office, queue):
    with db.session.begin_nested():
        outbox.add_work(note_offices_seen, [office.id])
    assert queue.count == 0

    db.session.commit()

    assert queue.count == 1


def test_work_for_rows_not_flushed_yet_is_written_at_commit_with_their_ids(app, queue, run_jobs):
    offices = [demo_office(), demo_office()]
    for number, office in enumerate(offices):
        office.code = f"99{number}"
        db.session.add(office)
    outbox.add_work_for_rows(note_offices_seen, offices)
    assert offices[0].id is None and entries() == []  # nothing written yet

    db.session.commit()

    [job] = queue.jobs
    assert [office_id for office_id, _entry in job.args[1]] == [office.id for office in offices]
    run_jobs()
    assert entries() == [("test.office_seen", OutboxState.DONE, 1, True)] * 2


def test_work_for_rows_of_a_transaction_rolled_back_is_never_written(app, queue):
    office = demo_office()
    db.session.add(office)
    outbox.add_work_for_rows(note_offices_seen, [office])
    db.session.rollback()
    db.session.commit()

    assert queue.count == 0 and entries() == []


def test_work_whose_hand_off_failed_waits_for_the_periodic_drain(app, office, queue, run_jobs):
    reachable = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    outbox.add_work(note_offices_seen, [office.id])
    db.session.commit()  # stands, though the queue could not take the job
    assert entries() == [("test.office_seen", OutboxState.PENDING, 0, False)]

    app.config["REDIS_URL"] = reachable
    assert run_periodic_work()["drain_outbox"] == 1
    run_jobs()
    assert entries() == [("test.office_seen", OutboxState.DONE, 1, True)]


def test_only_registered_functions_take_work(app):
    def unregistered(work: list[list[int]]) -> None: ...

    with pytest.raises(LookupError, match="unregistered is not registered"):
        outbox.add_work(unregistered, [1])


def test_periodic_work_runs_what_the_features_registered(app, monkeypatch):
    monkeypatch.setitem(PERIODIC_TASKS, "count_to_three", lambda: 3)

    done = run_periodic_work()

    assert done["count_to_three"] == 3
    assert {"drain_outbox", "apply_pending_inbox_events", "poll_carrier"} <= set(done)
