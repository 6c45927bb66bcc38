"""The README's worker: a worker killed mid-job loses nothing and duplicates nothing, and a
failed submission comes back after its retry interval (RQ's scheduler runs)."""

import collections
import time

from redis import Redis
from rq import Queue

from delivery.core.jobs import outbox
from delivery.core.jobs.queue import QUEUE_NAME
from delivery.dispatch.operations import dispatch_parcels
from tests.delivery.dispatch.conftest import submitted_count
from tests.delivery.processes import app_settings, kill, start_readme_worker


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_killed_workers_job_is_handed_out_again_once_its_heartbeat_lapses(
    app, office, staff_user, make_ready_parcels, admin, clock
):
    app.config["OUTBOX_ENTRIES_PER_JOB"] = 10
    parcels = make_ready_parcels(60)
    admin.set_faults(slow={"rate": 1.0}, delay_seconds=0.1, response_lost={"every_nth": 4})
    dispatch_parcels(office, parcels, staff_user)  # six jobs of ten
    started = Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))
    worker = start_readme_worker(app_settings(app, WORKER_HEARTBEAT_SECONDS=1))
    assert wait_for(lambda: submitted_count() >= 10 and started.started_job_registry.count, 60)
    kill(worker)
    assert 10 <= submitted_count() < 60

    admin.set_faults()
    handed_out = []

    def drain_once_the_leases_ran_out() -> int:
        clock.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
        handed_out.append(outbox.drain())
        return sum(handed_out)

    assert wait_for(drain_once_the_leases_ran_out, 20)  # the heartbeat lapses in 3 s
    assert sum(handed_out) == 10  # the killed job's; the jobs still queued keep their entries

    start_readme_worker(app_settings(app), "--burst").wait(timeout=120)
    assert submitted_count() == 60
    at_carrier = collections.Counter(s["reference"] for s in admin.shipments())
    assert set(at_carrier) == {parcel.tracking_code for parcel in parcels}
    assert max(at_carrier.values()) == 1


def test_a_submission_whose_answers_were_lost_is_tried_again_after_its_retry_interval(
    app, office, staff_user, make_ready_parcels, admin
):
    app.config["JOB_RETRY_INTERVALS"] = [1]
    admin.set_faults(response_lost={"next": app.config["CARRIER_MAX_RETRIES"] + 1})
    dispatch_parcels(office, make_ready_parcels(1), staff_user)
    worker = start_readme_worker(app_settings(app))
    try:
        # without RQ's scheduler the retry never comes back, and only the periodic work
        # would hand the submission out again, a lease and an overdue retry later
        assert wait_for(lambda: submitted_count() == 1, 25)
    finally:
        kill(worker)
    assert admin.requests_to("POST /v1/shipments") == app.config["CARRIER_MAX_RETRIES"] + 2
    assert len(admin.shipments()) == 1
