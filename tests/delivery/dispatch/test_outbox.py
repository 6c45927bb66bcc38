"""The outbox hands work out again when its job is gone, and only then."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from redis import Redis
from rq import Queue
from rq.job import Job

from delivery.core.extensions import db
from delivery.core.jobs import outbox
from delivery.core.jobs.queue import QUEUE_NAME
from delivery.dispatch.operations import dispatch_parcels
from delivery.models import OutboxEntry, Shipment, ShipmentState


@pytest.fixture
def queue(redis_url) -> Queue:
    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))


@pytest.fixture
def dispatched(app, office, staff_user, make_ready_parcels, clock):
    """Dispatch three parcels (one job), then let their leases run out."""

    def dispatch() -> list[OutboxEntry]:
        dispatch_parcels(office, make_ready_parcels(3), staff_user)
        clock.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
        return db.session.scalars(sa.select(OutboxEntry).order_by(OutboxEntry.id)).all()

    return dispatch


def attempts() -> list[int]:
    db.session.expire_all()
    return db.session.scalars(sa.select(OutboxEntry.attempts).order_by(OutboxEntry.id)).all()


def test_work_whose_job_still_waits_in_the_queue_is_not_handed_out_twice(dispatched, queue):
    dispatched()

    assert outbox.drain() == 0
    assert attempts() == [1, 1, 1] and queue.count == 1


def test_work_whose_job_redis_lost_is_handed_out_again(dispatched, queue, run_jobs):
    dispatched()
    queue.connection.flushdb()  # Redis restarted without its data

    assert outbox.drain() == 3
    assert attempts() == [2, 2, 2] and queue.count == 1
    run_jobs()
    assert set(db.session.scalars(sa.select(Shipment.state))) == {ShipmentState.SUBMITTED}


def test_work_whose_retry_no_scheduler_brought_back_is_handed_out_again(
    app, dispatched, queue, admin, run_jobs, clock
):
    app.config["JOB_RETRY_INTERVALS"] = [60]
    admin.set_faults(server_error={"rate": 1.0})
    entries = dispatched()
    run_jobs()  # fails; RQ schedules the retry
    job = Job.fetch(entries[0].job_id, connection=queue.connection)
    assert job.get_status() == "scheduled"
    assert outbox.drain() == 0  # the retry is not due yet

    a_minute_ago = datetime.now(UTC) - timedelta(minutes=1)
    queue.scheduled_job_registry.schedule(job, a_minute_ago)  # due, and nobody brought it back
    clock.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)

    assert outbox.drain() == 3
