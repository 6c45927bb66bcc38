"""A worker killed in the middle of a batch, started again, finishes it with no duplicates."""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from delivery import outbox
from delivery.dispatch import dispatch_parcels
from delivery.extensions import db
from delivery.models import Shipment, ShipmentState
from delivery.queue import QUEUE_NAME

RQ = str(Path(sys.executable).with_name("rq"))


def start_worker(app, *extra: str) -> subprocess.Popen:
    """Start a real `rq worker` process with the app's settings in its environment."""
    settings = (
        "DATABASE_URL",
        "REDIS_URL",
        "CARRIER_URL",
        "CARRIER_WEBHOOK_SECRET",
        "SECRET_KEY",
        "CARRIER_BACKOFF_SECONDS",
    )
    env = os.environ | {f"ANTAR_{name}": str(app.config[name]) for name in settings}
    command = [
        RQ,
        "worker",
        "--worker-class",
        "delivery.worker.AppWorker",
        "--url",
        app.config["REDIS_URL"],
        *extra,
        QUEUE_NAME,
    ]
    return subprocess.Popen(
        command,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def submitted_count() -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Shipment)
        .where(Shipment.state == ShipmentState.SUBMITTED)
    )


def test_killed_worker_restarted_finishes_the_batch_without_duplicates(
    app, office, staff_user, make_ready_parcels, admin, clock
):
    app.config["OUTBOX_LEASE_SECONDS"] = 1
    app.config["OUTBOX_ENTRIES_PER_JOB"] = 10
    parcels = make_ready_parcels(60)
    admin.set_faults(slow={"rate": 1.0}, delay_seconds=0.1, response_lost={"every_nth": 4})
    dispatch_parcels(office, parcels, staff_user)

    worker = start_worker(app)
    deadline = time.monotonic() + 60
    while submitted_count() < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert 15 <= submitted_count() < 60

    admin.set_faults()
    clock.advance(seconds=2)  # the killed job's outbox leases run out
    assert outbox.drain() >= 10  # the job cut short (and the jobs still queued) are handed out

    start_worker(app, "--burst").wait(timeout=120)

    assert submitted_count() == 60
    at_carrier = collections.Counter(s["reference"] for s in admin.shipments())
    assert set(at_carrier) == {parcel.tracking_code for parcel in parcels}
    assert max(at_carrier.values()) == 1
