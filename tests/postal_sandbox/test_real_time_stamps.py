"""A sped-up sandbox can date its events by the real time it plays them, so that a receiver
never sees a time ahead of its own clock, and the events keep their order and spacing."""

import time
from datetime import UTC, datetime, timedelta

from postal_client import PostalClient, Status
from postal_sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier
from postal_sandbox.clock import SandboxClock


def test_the_clock_tells_the_real_time_it_showed_a_moment():
    real = [100.0]
    clock = SandboxClock(speed=600, monotonic=lambda: real[0])
    started = clock.now()
    real[0] += 6  # six real seconds: an hour of sandbox time
    shown = clock.now()
    assert shown - started == timedelta(hours=1)
    assert abs(clock.real_time_of(shown) - (started + timedelta(seconds=6))) < timedelta(
        milliseconds=1
    )
    assert clock.real_time_of(started + timedelta(minutes=30)) < clock.real_time_of(shown)
    assert clock.real_time_of(shown + timedelta(days=3)) == started + timedelta(seconds=6)


def play(stamp_real_time: bool, make_request) -> list[datetime]:

    with SandboxCarrier(speed=120_000, tick_seconds=0.01, stamp_real_time=stamp_real_time) as sb:
        with PostalClient(sb.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET) as client:
            shipment = client.create_shipment(make_request(), idempotency_key="k")
            client.request_pickup([shipment.id])
            deadline = time.monotonic() + 20
            while client.get_shipment(shipment.id).status is not Status.DELIVERED:
                assert time.monotonic() < deadline, "the story did not finish on its own"
                time.sleep(0.02)
            return [event.occurred_at for event in client.list_events(shipment.id)]


def test_real_time_stamps_are_never_ahead_and_keep_the_order(make_request):
    finished = datetime.now(UTC) + timedelta(seconds=1)
    stamped = play(True, make_request)
    assert all(moment <= finished for moment in stamped)
    assert stamped == sorted(stamped) and len(set(stamped)) > 1
    sped_up = play(False, make_request)
    assert sped_up[-1] - sped_up[0] > timedelta(hours=24)  # the story's own, sped-up time
