"""Creating, reading, cancelling and collecting shipments against the sandbox carrier."""

import re
from dataclasses import replace

import pytest
import requests

from postal_client import (
    BookingState,
    Conflict,
    IdempotencyConflict,
    NotFound,
    Status,
    ValidationFailed,
)
from postal_sandbox import STORY_HEADER


def s10_is_valid(tracking_number: str) -> bool:
    """Say whether a tracking number is a UPU S10 number with a correct check digit."""
    if not re.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}", tracking_number):
        return False
    weighted = sum(
        int(digit) * weight
        for digit, weight in zip(tracking_number[2:10], (8, 6, 4, 2, 3, 5, 9, 7), strict=True)
    )
    check = {10: 0, 11: 5}.get(11 - weighted % 11, 11 - weighted % 11)
    return int(tracking_number[10]) == check


def test_a_new_shipment_gets_an_id_and_a_tracking_number(client, admin, make_request):
    shipment = client.create_shipment(make_request("PCL-0042"), idempotency_key="key-42")

    assert shipment.reference == "PCL-0042"
    assert shipment.state is BookingState.BOOKED
    assert s10_is_valid(shipment.tracking_number)
    assert shipment.created_at.utcoffset() is not None
    assert shipment.latest_event is None and shipment.status is None
    assert [row["id"] for row in admin.shipments()] == [shipment.id]


def test_the_same_key_returns_the_same_shipment(client, admin, make_request):
    first = client.create_shipment(make_request(), idempotency_key="same-key")
    again = client.create_shipment(make_request(), idempotency_key="same-key")

    assert again == first
    assert len(admin.shipments()) == 1


def test_the_same_key_with_a_different_body_is_refused(client, admin, make_request):
    client.create_shipment(make_request("PCL-1"), idempotency_key="same-key")

    with pytest.raises(IdempotencyConflict) as conflict:
        client.create_shipment(make_request("PCL-2"), idempotency_key="same-key")

    assert conflict.value.status == 409
    assert len(admin.shipments()) == 1


def test_invalid_fields_are_named(client, make_request, sleeps):
    request = make_request(postal_code="401")
    recipient = replace(request.recipient, phone="12345")
    bad = replace(request, reference="", recipient=recipient, weight_grams=0)

    with pytest.raises(ValidationFailed) as invalid:
        client.create_shipment(bad, idempotency_key="bad")

    assert invalid.value.status == 422
    assert invalid.value.fields == {
        "reference": "required",
        "weight_grams": "must be from 1 to 30000 grams",
        "recipient.phone": "required, an Indonesian number such as 081234567890",
        "recipient.address.postal_code": "required, 5 digits",
    }
    assert "recipient.address.postal_code" in str(invalid.value)
    assert sleeps == []


def test_an_idempotency_key_is_required(client, make_request):
    with pytest.raises(ValueError, match="idempotency key"):
        client.create_shipment(make_request(), idempotency_key="")


def test_the_carrier_refuses_a_create_without_idempotency_key(
    sandbox, bearer_headers, make_request
):
    answer = requests.post(
        f"{sandbox.url}/v1/shipments",
        json=make_request().to_json(),
        headers=bearer_headers,
        timeout=5,
    )

    assert answer.status_code == 400
    assert answer.json()["error"]["fields"] == {
        "Idempotency-Key": "required, at most 255 characters"
    }


def test_an_unknown_shipment_is_not_found(client):
    with pytest.raises(NotFound) as missing:
        client.get_shipment("shp_does_not_exist")

    assert missing.value.status == 404
    assert missing.value.request_id


def test_a_booked_shipment_can_be_cancelled_twice(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")

    assert client.cancel_shipment(shipment.id).state is BookingState.CANCELLED
    assert client.cancel_shipment(shipment.id).state is BookingState.CANCELLED
    assert admin.shipments()[0]["state"] == "cancelled"


def test_a_picked_up_shipment_cannot_be_cancelled(client, admin, make_request, sleeps):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    client.request_pickup([shipment.id])
    admin.advance(60)

    with pytest.raises(Conflict) as conflict:
        client.cancel_shipment(shipment.id)

    assert conflict.value.code == "already_picked_up"
    assert admin.requests_to("POST /v1/shipments/{id}/cancel") == 1
    assert sleeps == []


def test_the_same_pickup_request_returns_the_same_pickup(client, admin, make_request):
    ids = [
        client.create_shipment(make_request(f"PCL-{n}"), idempotency_key=f"key-{n}").id
        for n in range(3)
    ]

    pickup = client.request_pickup(ids)
    again = client.request_pickup(list(reversed(ids)))

    assert again == pickup
    assert set(pickup.shipment_ids) == set(ids)
    assert {row["state"] for row in admin.shipments()} == {"pickup_requested"}


def test_a_cancelled_shipment_cannot_be_picked_up(client, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    client.cancel_shipment(shipment.id)

    with pytest.raises(Conflict):
        client.request_pickup([shipment.id])


def test_a_cancelled_shipment_never_moves(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    client.cancel_shipment(shipment.id)
    admin.advance(10_000)

    assert client.list_events(shipment.id) == []


def test_a_shipment_shows_its_latest_event(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    client.request_pickup([shipment.id])
    admin.advance(1500)

    current = client.get_shipment(shipment.id)

    assert current.state is BookingState.PICKED_UP
    assert current.status is Status.OUT_FOR_DELIVERY
    assert current.latest_event == client.list_events(shipment.id)[-1]


def test_many_shipments_are_tracked_in_batches(client, admin, make_request):
    shipments = [
        client.create_shipment(make_request(f"PCL-{n}"), idempotency_key=f"key-{n}")
        for n in range(120)
    ]
    client.request_pickup([shipment.id for shipment in shipments[:100]])
    client.request_pickup([shipment.id for shipment in shipments[100:]])
    admin.advance(2000)
    numbers = [shipment.tracking_number for shipment in shipments]

    batch = client.track_many([*numbers, "RR000000000ID"])

    assert batch.not_found == ("RR000000000ID",)
    assert set(batch.events) == set(numbers)
    assert {events[-1].status for events in batch.events.values()} == {Status.DELIVERED}
    assert admin.requests_to("POST /v1/tracking") == 2


def test_the_story_header_overrides_the_postal_code(sandbox, admin, bearer_headers, make_request):
    headers = {**bearer_headers, "Idempotency-Key": "key"}

    unknown = requests.post(
        f"{sandbox.url}/v1/shipments",
        json=make_request().to_json(),
        headers={**headers, STORY_HEADER: "eaten_by_dog"},
        timeout=5,
    )
    chosen = requests.post(
        f"{sandbox.url}/v1/shipments",
        json=make_request().to_json(),
        headers={**headers, STORY_HEADER: "lost"},
        timeout=5,
    )

    assert unknown.status_code == 422
    assert STORY_HEADER in unknown.json()["error"]["fields"]
    assert chosen.status_code == 201
    assert admin.shipments()[0]["story"] == "lost"
