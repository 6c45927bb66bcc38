"""A sped-up sandbox can date its events by the real time it plays them, so that a receiver
never sees a time ahead of its own clock, and the events keep their order and spacing."""

from datetime import datetime, timedelta

from postal_sandbox.book import ShipmentBook
from postal_sandbox.clock import SandboxClock
from postal_sandbox.stories import STORIES


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


def played_story(stamp_real_time: bool, make_request) -> tuple[datetime, list[datetime]]:
    """Play the delivered story (27 sandbox hours) on a clock 600 times real speed, whose real
    time the test moves: the pickup at once, then 200 real seconds. Return the real time at the
    pickup and the events' times."""
    real = [0.0]
    clock = SandboxClock(speed=600, monotonic=lambda: real[0])
    book = ShipmentBook(clock, None, stamp_real_time=stamp_real_time)
    shipment, _new = book.create("client", "key", make_request().to_json(), STORIES["delivered"])
    book.request_pickup([shipment["id"]])
    picked_up = clock.real_time_of(clock.now())
    real[0] += 200
    book.release_due_events()
    return picked_up, [
        datetime.fromisoformat(e["occurred_at"]) for e in book.events(shipment["id"])
    ]


def test_real_time_stamps_are_the_real_moments_of_the_story(make_request):
    picked_up, stamped = played_story(True, make_request)
    minutes = [step.after_minutes for step in STORIES["delivered"].steps]
    expected = [picked_up + timedelta(seconds=60 * m / 600) for m in minutes]  # 600 times fast
    assert [
        abs(got - want) < timedelta(seconds=1) for got, want in zip(stamped, expected, strict=True)
    ] == [True] * len(minutes)
    assert stamped == sorted(stamped) and stamped[-1] <= picked_up + timedelta(seconds=200)


def test_without_real_time_stamps_events_carry_the_sped_up_time(make_request):
    picked_up, stamped = played_story(False, make_request)
    assert stamped[-1] - stamped[0] > timedelta(hours=24)  # the story's own time
