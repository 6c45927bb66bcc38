"""With Redis unreachable, committed work is answered as usual and handed out once it is back."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.core.jobs.periodic import run_periodic_work
from delivery.dispatch.operations import dispatch_parcels, retry_submission
from delivery.models import (
    CarrierInboxEvent,
    OutboxEntry,
    ParcelStatus,
    Shipment,
    ShipmentState,
)
from tests.delivery.dispatch.conftest import submitted_count
from tests.delivery.dispatch.test_dispatch_pages import api_headers
from tests.delivery.dispatch.test_webhook import (
    event_body,
    parcel_status,
    post,
    submitted_parcel,
)
from tests.delivery.processes import free_port


class RedisSwitch:
    """Point the app at a Redis that is not there, and back at the real one."""

    def __init__(self, app) -> None:
        self.app = app
        self.reachable = app.config["REDIS_URL"]

    def down(self) -> None:
        self.app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"

    def back(self) -> None:
        self.app.config["REDIS_URL"] = self.reachable


@pytest.fixture
def redis(app) -> RedisSwitch:
    return RedisSwitch(app)


def test_a_dispatch_committed_while_redis_is_down_is_accepted_and_sent_later(
    client, staff_user, make_ready_parcels, redis, run_jobs, admin
):
    headers = api_headers(staff_user)
    codes = [parcel.tracking_code for parcel in make_ready_parcels(2)]
    redis.down()

    response = client.post("/api/v1/dispatches", json={"parcels": codes}, headers=headers)

    assert response.status_code == 202 and response.json["waiting"] == 2
    entries = db.session.scalars(sa.select(OutboxEntry)).all()
    assert [(entry.attempts, entry.job_id) for entry in entries] == [(0, None), (0, None)]
    assert run_periodic_work()["drain_outbox"] == 0  # still down: the work stays due

    redis.back()
    assert run_periodic_work()["drain_outbox"] == 2
    run_jobs()
    assert submitted_count() == 2 and len(admin.shipments()) == 2


def test_a_webhook_while_redis_is_down_is_accepted_and_applied_by_the_periodic_work(
    client, make_parcel, redis
):
    parcel = submitted_parcel(make_parcel)
    redis.down()

    response = post(client, event_body())

    assert response.status_code == 202 and response.json["events"] == 1
    assert db.session.scalar(sa.select(CarrierInboxEvent.processed_at)) is None
    assert run_periodic_work()["apply_pending_inbox_events"] == 1  # needs no Redis
    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT


def test_a_retry_of_a_failed_submission_while_redis_is_down_is_accepted(
    app, office, staff_user, make_ready_parcels, admin, redis, run_jobs
):
    app.config["SUBMISSION_MAX_ATTEMPTS"] = 1
    admin.set_faults(server_error={"rate": 1.0})
    dispatch_parcels(office, make_ready_parcels(1), staff_user)
    run_jobs()
    shipment = db.session.scalar(sa.select(Shipment))
    assert shipment.state == ShipmentState.FAILED
    admin.set_faults()
    redis.down()

    retry_submission(shipment, staff_user)

    redis.back()
    assert run_periodic_work()["drain_outbox"] == 1
    run_jobs()
    assert submitted_count() == 1
