"""Chaos: the production shape under faults loses no carrier event and makes no shipment twice.

The app is served by gunicorn and its jobs run on the README's own worker command, against a
redis-server of the test's own; the sandbox carrier runs its stories fast, loses answers,
fails with 5xx and 429, and sends its webhooks in batches, duplicated and out of order. In
the middle of the run a worker is killed, and Redis is killed and started again empty (a
dispatch comes in meanwhile). At the end every parcel stands where the carrier's last event
put it, and every event the carrier emitted was applied or is kept for staff with its reason.
"""

import collections
import shutil
import time

import pytest
import requests
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.dispatch.carrier_statuses import PARCEL_STATUS_OF
from delivery.models import (
    CarrierInboxEvent,
    EventOutcome,
    OutboxEntry,
    OutboxState,
    Parcel,
    TrackingEvent,
)
from postal_client import meaning_of
from postal_sandbox import SandboxAdmin, SandboxCarrier
from tests.conftest import missing_service
from tests.delivery.dispatch.test_dispatch_pages import api_headers
from tests.delivery.processes import (
    RedisServer,
    Supervised,
    answers,
    free_port,
    start_gunicorn,
    start_readme_worker,
    wait_until,
)

SPEED = 20_000  # sandbox minutes per real minute: the longest story takes some 22 s
WEBHOOK_SECRET = "chaos-webhook-secret"
STORY_DIGITS = "056789"  # one of each story: delivered, not at home, three tries, refused…
FAULTS = {
    "response_lost": {"next": 4, "every_nth": 7},  # the first create is lost four times over
    "server_error": {"rate": 0.1},
    "rate_limit": {"rate": 0.05},
    "webhook_duplicate": {"rate": 0.3},
    "webhook_out_of_order": True,
    "webhook_batch": True,
    "seed": 16,
}
SETTLE_SECONDS = 150


@pytest.fixture
def web_port() -> int:
    return free_port()


@pytest.fixture
def own_redis(tmp_path):
    if not shutil.which("redis-server"):
        missing_service("redis-server", FileNotFoundError("redis-server"))
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def sandbox(web_port):
    carrier = SandboxCarrier(
        speed=SPEED,
        auto_pickup_minutes=0,
        webhook_url=f"http://127.0.0.1:{web_port}/api/v1/carrier/webhook",
        webhook_secret=WEBHOOK_SECRET,
    ).start()
    yield carrier
    carrier.stop()


@pytest.fixture
def app_config(app_config, own_redis, sandbox) -> dict:
    return app_config | {
        "CLOCK": None,  # the web and worker processes keep the real time too
        "REDIS_URL": own_redis.url,
        "CARRIER_URL": sandbox.url,
        "CARRIER_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }


@pytest.fixture
def production(app, web_port, tmp_path):
    """gunicorn and two README workers in production mode, kept running by a supervisor."""
    settings = {
        "MODE": "production",
        "SECRET_KEY": "chaos-test-secret-key-not-for-real-use",
        "OUTBOX_ENTRIES_PER_JOB": 10,  # several jobs, so both workers have work
    } | {
        name: app.config[name]
        for name in ("DATABASE_URL", "REDIS_URL", "CARRIER_URL", "CARRIER_WEBHOOK_SECRET")
    }
    processes = [
        Supervised(lambda: start_gunicorn(settings, web_port, tmp_path / "web.log")),
        *[
            Supervised(lambda: start_readme_worker(settings, log=tmp_path / "workers.log"))
            for _ in range(2)
        ],
    ]
    health = f"http://127.0.0.1:{web_port}/api/v1/health"
    wait_until(lambda: answers(lambda: requests.get(health, timeout=2)), 60, "gunicorn serving")
    yield processes
    for supervised in processes:
        supervised.kill()


def pending_entries() -> dict[int, int]:
    """The outbox entries not done yet, with how often each was handed out."""
    db.session.rollback()
    return dict(
        db.session.execute(
            sa.select(OutboxEntry.id, OutboxEntry.attempts).where(
                OutboxEntry.state == OutboxState.PENDING
            )
        ).all()
    )


class LostWorkWatch:
    """How long the outbox work pending at one moment takes to be done or handed out again."""

    def __init__(self) -> None:
        self.since = time.monotonic()
        self.attempts = pending_entries()
        self.seconds: float | None = None

    def look(self, pending: dict[int, int]) -> None:
        picked_up = all(
            pending.get(entry, attempts + 1) > attempts for entry, attempts in self.attempts.items()
        )
        if self.seconds is None and picked_up:
            self.seconds = round(time.monotonic() - self.since, 1)


class Run:
    """The running system, as the test drives and watches it."""

    def __init__(self, processes, base_url: str, headers: dict) -> None:
        self.processes = processes
        self.base_url = base_url
        self.headers = headers
        self.watches: dict[str, LostWorkWatch] = {}

    def dispatch(self, parcels: list[Parcel]) -> int:
        """Dispatch parcels through the API, as an integrator would; return the HTTP status."""
        answer = requests.post(
            f"{self.base_url}/api/v1/dispatches",
            json={"parcels": [parcel.tracking_code for parcel in parcels]},
            headers=self.headers,
            timeout=30,
        )
        return answer.status_code

    def run_for(self, seconds: float, until=lambda: False) -> bool:
        """Keep the processes running (restarting any that died) for a while, or until done."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for supervised in self.processes:
                supervised.keep_running()
            pending = pending_entries()
            for watch in self.watches.values():
                watch.look(pending)
            if until():
                return True
            time.sleep(0.5)
        return False

    def watch_lost_work(self, name: str) -> None:
        self.watches[name] = LostWorkWatch()

    def pickups(self) -> dict[str, float | None]:
        return {name: watch.seconds for name, watch in self.watches.items()}


def carrier_last_statuses(admin: SandboxAdmin) -> dict[str, str]:
    """Each parcel's status after the carrier's latest event, in Antar's words, by its code."""
    latest = {}
    for event in sorted(admin.events(), key=lambda event: event["occurred_at"]):
        latest[event["reference"]] = PARCEL_STATUS_OF[meaning_of(event["code"]).status].value
    return latest


def app_statuses() -> dict[str, str]:
    """Each parcel's status in Antar, by tracking code."""
    db.session.rollback()
    rows = db.session.execute(sa.select(Parcel.tracking_code, Parcel.status))
    return {code: status.value for code, status in rows}


def settled(admin: SandboxAdmin, parcel_count: int) -> bool:
    """Every story told, every webhook sent and applied, and the app agrees with the carrier."""
    shipments = admin.shipments()
    if len(shipments) < parcel_count or not all(s["story_finished"] for s in shipments):
        return False
    if admin.stats()["webhooks"]["pending"] or events_not_applied():
        return False
    carrier = carrier_last_statuses(admin)
    return all(app_statuses()[code] == status for code, status in carrier.items())


def events_not_applied() -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count()).where(CarrierInboxEvent.processed_at.is_(None))
    )


def event_figures(admin: SandboxAdmin) -> dict[str, int]:
    """What became of each event the carrier emitted: applied, or kept (by reason), or lost."""
    emitted = {event["event_id"] for event in admin.events()}
    db.session.rollback()
    recorded = dict(
        db.session.execute(
            sa.select(TrackingEvent.dedupe_key, TrackingEvent.outcome).where(
                TrackingEvent.dedupe_key.in_([f"carrier:{event_id}" for event_id in emitted])
            )
        ).all()
    )
    waiting = set(
        db.session.scalars(
            sa.select(CarrierInboxEvent.carrier_event_id).where(
                CarrierInboxEvent.processed_at.is_(None)
            )
        )
    )
    figures = collections.Counter()
    for event_id in emitted:
        outcome = recorded.get(f"carrier:{event_id}")
        if outcome == EventOutcome.APPLIED:
            figures["applied"] += 1
        elif outcome == EventOutcome.STALE:
            figures["applied as history (older than the parcel's status)"] += 1
        elif outcome == EventOutcome.REJECTED:
            figures["kept for staff: move not allowed by the lifecycle"] += 1
        elif event_id in waiting:
            figures["kept for staff: shipment unknown"] += 1
        else:
            figures["lost"] += 1
    return {"emitted": len(emitted)} | dict(figures)


def test_nothing_is_lost_or_duplicated_under_chaos(
    app, office, staff_user, make_ready_parcels, sandbox, own_redis, production, web_port, capsys
):
    admin = SandboxAdmin(sandbox.url)
    admin.set_faults(**FAULTS)
    first = [parcel for digit in STORY_DIGITS for parcel in make_ready_parcels(6, digit)]
    second = [parcel for digit in STORY_DIGITS for parcel in make_ready_parcels(4, digit)]
    run = Run(production, f"http://127.0.0.1:{web_port}", api_headers(staff_user))
    started = time.monotonic()

    assert run.dispatch(first) == 202
    run.run_for(3)
    run.watch_lost_work("worker killed")
    production[1].kill()  # a worker, mid-run; its supervisor starts it again
    run.run_for(3)
    own_redis.kill()
    assert run.dispatch(second) == 202  # committed: answered as usual, though the queue is down
    run.run_for(3)  # webhooks keep coming meanwhile
    own_redis.start()  # empty: every queued, scheduled and running job is forgotten
    run.watch_lost_work("Redis restarted")
    parcels = len(first) + len(second)
    done = run.run_for(SETTLE_SECONDS, until=lambda: settled(admin, parcels))

    figures = event_figures(admin)
    references = collections.Counter(s["reference"] for s in admin.shipments())
    carrier, ours = carrier_last_statuses(admin), app_statuses()
    with capsys.disabled():
        print(
            f"\nchaos: {parcels} parcels, {time.monotonic() - started:.0f} s;"
            f" carrier events {figures};"
            f" duplicate shipments {sum(n - 1 for n in references.values())};"
            f" parcels not where the carrier says {sum(ours[c] != s for c, s in carrier.items())};"
            f" lost work picked up again after {run.pickups()} s;"
            f" restarts {[p.restarts for p in production]};"
            f" webhooks {admin.stats()['webhooks']}"
        )
    assert done
    assert set(references) == set(ours) and max(references.values()) == 1
    assert figures.get("lost", 0) == 0
    assert all(ours[code] == status for code, status in carrier.items())
