"""The sandbox's delivery stories, followed through webhooks as the app will see them."""

import json
import socket
import time
from datetime import timedelta

import pytest

from postal_client import CARRIER_CODES, PostalClient, Reason, Status
from postal_sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier
from postal_sandbox import STORIES as SANDBOX_STORIES
from postal_sandbox.stories import CODE_DESCRIPTIONS

END_OF_EVERY_STORY = 8 * 24 * 60
TRANSIT = [Status.IN_CARRIER_HANDS] * 5 + [Status.OUT_FOR_DELIVERY]
RETURNED = [Status.RETURNING_TO_SENDER, Status.RETURNED_TO_SENDER]
STORIES = {
    "delivered": ("40121", [*TRANSIT, Status.DELIVERED], []),
    "not_at_home_then_delivered": (
        "40125",
        [*TRANSIT, Status.FAILED_ATTEMPT, Status.OUT_FOR_DELIVERY, Status.DELIVERED],
        [Reason.ADDRESSEE_NOT_AT_HOME],
    ),
    "three_failed_attempts_returned": (
        "40126",
        [
            *TRANSIT,
            *[Status.FAILED_ATTEMPT, Status.OUT_FOR_DELIVERY] * 2,
            Status.FAILED_ATTEMPT,
            *RETURNED,
        ],
        [Reason.ADDRESSEE_NOT_AT_HOME] * 3 + [Reason.DELIVERY_ATTEMPTS_EXHAUSTED],
    ),
    "refused_returned": (
        "40127",
        [*TRANSIT, Status.FAILED_ATTEMPT, *RETURNED],
        [Reason.REFUSED_BY_ADDRESSEE, Reason.REFUSED_BY_ADDRESSEE],
    ),
    "address_not_found_returned": (
        "40128",
        [*TRANSIT, Status.FAILED_ATTEMPT, *RETURNED],
        [Reason.ADDRESS_NOT_FOUND, Reason.ADDRESS_NOT_FOUND],
    ),
    "lost": ("40129", [Status.IN_CARRIER_HANDS] * 4 + [Status.IRREGULARITY], [Reason.LOST]),
}


def test_the_sandbox_plays_every_story_and_emits_only_codes_the_client_knows():
    emitted = {step.code for story in SANDBOX_STORIES.values() for step in story.steps}

    assert set(SANDBOX_STORIES) == set(STORIES)
    assert emitted <= set(CARRIER_CODES)
    assert set(CODE_DESCRIPTIONS) <= set(CARRIER_CODES)


def send_and_deliver(client, admin, make_request, postal_code):
    """Create a shipment, have it picked up and run its story to the end."""
    shipment = client.create_shipment(make_request(postal_code=postal_code), idempotency_key="k")
    client.request_pickup([shipment.id])
    admin.advance(END_OF_EVERY_STORY)
    return shipment


@pytest.mark.parametrize("story", STORIES)
def test_each_story_reaches_its_end_through_webhooks(story, client, admin, receiver, make_request):
    postal_code, statuses, reasons = STORIES[story]

    shipment = send_and_deliver(client, admin, make_request, postal_code)
    receiver.wait_for(lambda: len(receiver.events) == len(statuses))

    [row] = admin.shipments()
    assert row["story"] == story and row["story_finished"]
    received = sorted(receiver.events, key=lambda event: event.occurred_at)
    assert [event.status for event in received] == statuses
    assert [event.reason for event in received if event.reason] == reasons
    assert received == client.list_events(shipment.id)
    assert {(event.shipment_id, event.reference) for event in received} == {
        (shipment.id, "PCL-0001")
    }
    assert receiver.replays == [] and receiver.rejections == []


def test_events_carry_when_they_happened_not_when_they_were_sent(
    client, admin, receiver, make_request
):
    send_and_deliver(client, admin, make_request, "40121")
    receiver.wait_for(lambda: len(receiver.events) == 7)

    times = sorted(event.occurred_at for event in receiver.events)
    assert times[-1] - times[0] > timedelta(days=1)
    assert {event.occurred_at.utcoffset().total_seconds() for event in receiver.events} == {
        7 * 3600
    }


def test_duplicated_and_reordered_webhooks_still_tell_the_whole_story(
    client, admin, receiver, make_request
):
    admin.set_faults(webhook_duplicate={"rate": 1.0}, webhook_out_of_order=True)
    postal_code, statuses, _ = STORIES["three_failed_attempts_returned"]

    send_and_deliver(client, admin, make_request, postal_code)
    receiver.wait_for(lambda: len(receiver.replays) == len(statuses))

    arrival_order = [event.occurred_at for event in receiver.events]
    assert arrival_order != sorted(arrival_order)
    assert sorted(receiver.replays) == sorted(receiver.seen_event_ids)
    in_time_order = sorted(receiver.events, key=lambda event: event.occurred_at)
    assert [event.status for event in in_time_order] == statuses


def test_batched_webhooks_carry_events_seen_before_beside_new_ones(
    client, admin, receiver, make_request
):
    admin.set_faults(webhook_duplicate={"rate": 1.0}, webhook_batch=True)
    postal_code, statuses, _ = STORIES["three_failed_attempts_returned"]
    shipment = client.create_shipment(make_request(postal_code=postal_code), idempotency_key="k")
    client.request_pickup([shipment.id])

    admin.advance(8 * 60)  # picked up and at the hub: four events
    receiver.wait_for(lambda: len(receiver.events) == 4)
    admin.advance(END_OF_EVERY_STORY)
    receiver.wait_for(lambda: len(receiver.events) == len(statuses))

    assert [len(json.loads(body)["events"]) for body in receiver.bodies] == [4, 4 + 9]
    assert receiver.replays == []  # no batch was all old; the new events were all taken
    in_time_order = sorted(receiver.events, key=lambda event: event.occurred_at)
    assert [event.status for event in in_time_order] == statuses


def test_a_refused_delivery_is_sent_again(client, admin, receiver, make_request):
    receiver.refuse_next = 3

    send_and_deliver(client, admin, make_request, "40121")
    receiver.wait_for(lambda: len(receiver.events) == 7)

    assert admin.stats()["webhooks"]["failed_attempts"] == 3
    assert receiver.replays == []
    assert Status.DELIVERED in {event.status for event in receiver.events}


def test_a_receiver_that_is_down_does_not_stop_the_carrier(client, admin, make_request):
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        closed_port = placeholder.getsockname()[1]
    admin.set_webhook(f"http://127.0.0.1:{closed_port}/webhooks", "secret")

    shipment = send_and_deliver(client, admin, make_request, "40121")
    deadline = time.monotonic() + 5
    while admin.stats()["webhooks"].get("given_up", 0) < 7 and time.monotonic() < deadline:
        time.sleep(0.02)

    webhooks = admin.stats()["webhooks"]
    assert webhooks["given_up"] == 7
    assert webhooks["failed_attempts"] == 7 * 3
    assert client.get_shipment(shipment.id).status is Status.DELIVERED


def test_shipments_are_picked_up_automatically_when_configured(make_admin, make_request):
    with SandboxCarrier(speed=0, auto_pickup_minutes=60) as sandbox:
        client = PostalClient(sandbox.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        with client:
            shipment = client.create_shipment(make_request(), idempotency_key="k")
            make_admin(sandbox.url).advance(59)
            assert client.get_shipment(shipment.id).state == "booked"
            make_admin(sandbox.url).advance(END_OF_EVERY_STORY)
            assert client.get_shipment(shipment.id).status is Status.DELIVERED


def test_a_sped_up_clock_plays_the_story_by_itself(make_admin, make_request):
    with SandboxCarrier(speed=500_000, tick_seconds=0.01) as sandbox:
        client = PostalClient(sandbox.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        with client:
            shipment = client.create_shipment(make_request(), idempotency_key="k")
            client.request_pickup([shipment.id])
            deadline = time.monotonic() + 5
            while client.get_shipment(shipment.id).status is not Status.DELIVERED:
                assert time.monotonic() < deadline, "the story did not finish on its own"
                time.sleep(0.02)
