"""The sandbox carrier on loopback, the app pointed at it, jobs on the real Redis."""

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import DocumentStatus, Parcel, Shipment, ShipmentState
from delivery.parcels.packing import pack_household_parcels
from postal_sandbox import SandboxAdmin, SandboxCarrier

WEBHOOK_SECRET = "dispatch-test-webhook-secret"
STORY_BY_DIGIT = {
    "0": "delivered",
    "5": "not_at_home_then_delivered",
    "6": "three_failed_attempts_returned",
    "7": "refused_returned",
    "8": "address_not_found_returned",
    "9": "lost",
}


@pytest.fixture
def sandbox() -> Iterator[SandboxCarrier]:
    """A sandbox carrier with a frozen clock: stories move only when a test advances it."""
    carrier = SandboxCarrier(
        speed=0, webhook_retry_delays=(0.2, 0.5, 1, 2, 4), tick_seconds=0.05
    ).start()
    yield carrier
    carrier.stop()


@pytest.fixture
def admin(sandbox) -> SandboxAdmin:
    return SandboxAdmin(sandbox.url)


@pytest.fixture
def app_config(app_config, sandbox, redis_url) -> dict:
    return app_config | {
        "CARRIER_URL": sandbox.url,
        "CARRIER_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "REDIS_URL": redis_url,
        "JOB_RETRY_INTERVALS": [0, 0, 0],
        "CARRIER_BACKOFF_SECONDS": 0.01,
    }


@pytest.fixture
def webhooks_to_app(live_server, admin) -> str:
    """Point the sandbox's webhooks at the app served on loopback."""
    url = f"{live_server}/api/v1/carrier/webhook"
    admin.set_webhook(url, WEBHOOK_SECRET)
    return url


@pytest.fixture
def settle(run_jobs, admin):
    """Let webhooks arrive and jobs run until nothing more happens."""

    def wait_for_webhooks(deadline: float) -> int:
        while time.monotonic() < deadline:
            stats = admin.stats()["webhooks"]
            if stats["pending"] == 0:
                return stats.get("delivered", 0)
            time.sleep(0.05)
        raise AssertionError(f"webhooks still pending: {admin.stats()['webhooks']}")

    def run(timeout: float = 300) -> None:  # a bound, generous for a busy machine
        deadline = time.monotonic() + timeout
        delivered = -1
        while True:
            now_delivered = wait_for_webhooks(deadline)
            run_jobs()
            time.sleep(0.1)
            if now_delivered == delivered and admin.stats()["webhooks"]["pending"] == 0:
                return
            delivered = now_delivered

    return run


def submitted_count() -> int:
    """How many shipments the carrier accepted, as the database says now."""
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Shipment)
        .where(Shipment.state == ShipmentState.SUBMITTED)
    )


@pytest.fixture
def make_ready_parcels(app, office, make_document):
    """Make ready parcels whose postal code picks the sandbox story (its last digit)."""
    counter = iter(range(1, 10**6))

    def make(count: int, story_digit: str = "0") -> list[Parcel]:
        for _ in range(count):
            number = next(counter)
            make_document(
                status=DocumentStatus.READY,
                postal_code=f"3416{story_digit}",
                kk_number=f"18020215061{number:05d}",
                street=f"Jl. Proklamator No. {number}",
            )
        return pack_household_parcels(office)

    return make
