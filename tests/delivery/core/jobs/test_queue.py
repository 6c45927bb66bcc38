"""Jobs on the real Redis queue run inside the app, with their id, timeout and retries."""

import sqlalchemy as sa
from redis import Redis
from rq import Queue, SimpleWorker

from delivery.core.audit import record_change
from delivery.core.extensions import db
from delivery.core.jobs.queue import QUEUE_NAME, enqueue
from delivery.models import AuditEntry, Office

THIS_MODULE = "tests.delivery.core.jobs.test_queue"  # how the worker imports the jobs below

ATTEMPTS: list[int] = []


def note_office_seen(office_id: int) -> None:
    """A job: reload the office by id and leave an audit entry."""
    office = db.session.get(Office, office_id)
    record_change("office.seen", office, after={"code": office.code}, actor_label="job")
    db.session.commit()


def fail_first_time(office_id: int) -> None:
    ATTEMPTS.append(office_id)
    if len(ATTEMPTS) == 1:
        raise RuntimeError("carrier unreachable")
    note_office_seen(office_id)


def burst(redis_url: str) -> None:
    connection = Redis.from_url(redis_url)
    SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=True)


def test_job_runs_on_a_real_redis_worker(app, office, redis_url):
    app.config["REDIS_URL"] = redis_url
    enqueue(
        f"{THIS_MODULE}.note_office_seen",
        office.id,
        job_id=f"seen-{office.id}",
    )
    job = Queue(QUEUE_NAME, connection=Redis.from_url(redis_url)).fetch_job(f"seen-{office.id}")
    assert job.timeout == 60 and job.retries_left == len(app.config["JOB_RETRY_INTERVALS"])
    burst(redis_url)
    db.session.expire_all()
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.seen"]


def test_failed_job_is_retried(app, office, redis_url):
    app.config["REDIS_URL"] = redis_url
    ATTEMPTS.clear()
    enqueue(
        f"{THIS_MODULE}.fail_first_time",
        office.id,
        job_id="flaky",
        retry_intervals=[0],
    )
    burst(redis_url)
    burst(redis_url)
    assert ATTEMPTS == [office.id, office.id]
    db.session.expire_all()
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.seen"]


def test_embedded_mode_runs_jobs_in_process(app, office):
    import time

    enqueue(f"{THIS_MODULE}.note_office_seen", office.id, job_id="inline")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        db.session.expire_all()
        if db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.seen"]:
            break
        time.sleep(0.05)
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.seen"]
