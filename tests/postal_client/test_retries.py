"""Retries: lost answers, rate limits, carrier failures and timeouts, and what is not retried."""

import socket
import time

import pytest

from postal_client import (
    ConnectionFailed,
    PostalClient,
    RateLimited,
    ServerError,
    Timeout,
    ValidationFailed,
)


def test_lost_answers_never_create_a_second_shipment(client, admin, make_request, sleeps):
    admin.set_faults(response_lost={"every_nth": 2})

    created = [
        client.create_shipment(make_request(f"PCL-{n:04}"), idempotency_key=f"key-{n}")
        for n in range(200)
    ]

    at_carrier = admin.shipments()
    assert len(at_carrier) == 200
    assert {row["id"] for row in at_carrier} == {shipment.id for shipment in created}
    assert {row["reference"] for row in at_carrier} == {f"PCL-{n:04}" for n in range(200)}
    assert len(sleeps) == 199
    assert admin.requests_to("POST /v1/shipments") == 399


def test_a_lost_cancel_is_retried_safely(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    admin.set_faults(response_lost={"next": 1})

    assert client.cancel_shipment(shipment.id).state == "cancelled"
    assert admin.requests_to("POST /v1/shipments/{id}/cancel") == 2


def test_a_lost_pickup_answer_returns_the_pickup_already_made(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="key")
    admin.set_faults(response_lost={"next": 1})

    pickup = client.request_pickup([shipment.id])

    assert admin.shipments()[0]["pickup_id"] == pickup.id
    assert admin.requests_to("POST /v1/pickups") == 2


def test_rate_limits_wait_as_long_as_the_carrier_says(client, admin, make_request, sleeps):
    admin.set_faults(rate_limit={"next": 2}, retry_after_seconds=7)

    client.create_shipment(make_request(), idempotency_key="key")

    assert sleeps == [7.0, 7.0]
    assert len(admin.shipments()) == 1


def test_a_wait_longer_than_the_limit_is_not_slept(make_client, admin, make_request, sleeps):
    client = make_client(max_retry_after=5)
    admin.set_faults(rate_limit={"next": 1}, retry_after_seconds=30)

    with pytest.raises(RateLimited) as limited:
        client.create_shipment(make_request(), idempotency_key="key")

    assert limited.value.retry_after == 30
    assert sleeps == []


def test_carrier_failures_are_retried_with_growing_backoff(
    make_client, admin, make_request, sleeps
):
    client = make_client(max_retries=4, backoff_base=0.5, backoff_max=3.0, random=lambda: 1.0)
    admin.set_faults(server_error={"next": 4})

    client.create_shipment(make_request(), idempotency_key="key")

    assert sleeps == [0.5, 1.0, 2.0, 3.0]
    assert len(admin.shipments()) == 1


def test_backoff_has_jitter(make_client, admin, make_request, sleeps):
    client = make_client(backoff_base=1.0, random=lambda: 0.0)
    admin.set_faults(server_error={"next": 3})

    client.create_shipment(make_request(), idempotency_key="key")

    assert sleeps == [0.5, 1.0, 2.0]


def test_retries_stop_after_the_limit(make_client, admin, make_request, sleeps):
    client = make_client(max_retries=2)
    admin.set_faults(server_error={"rate": 1.0}, server_error_status=502)

    with pytest.raises(ServerError) as failed:
        client.create_shipment(make_request(), idempotency_key="key")

    assert failed.value.status == 502
    assert admin.requests_to("POST /v1/shipments") == 3
    assert len(sleeps) == 2


def test_client_errors_are_not_retried(client, admin, make_request, sleeps):
    admin.set_faults(server_error={"every_nth": 2})

    with pytest.raises(ValidationFailed):
        client.create_shipment(make_request(postal_code="1"), idempotency_key="key")

    assert admin.requests_to("POST /v1/shipments") == 1
    assert sleeps == []


def test_a_slow_answer_times_out_and_the_retry_finds_the_same_shipment(
    make_client, admin, make_request, sleeps
):
    client = make_client(timeout=(1.0, 0.2))
    admin.set_faults(slow={"next": 1}, delay_seconds=0.5)

    shipment = client.create_shipment(make_request(), idempotency_key="key")
    time.sleep(0.5)  # let the slow first attempt finish at the carrier

    assert len(sleeps) == 1
    assert [row["id"] for row in admin.shipments()] == [shipment.id]
    assert admin.requests_to("POST /v1/shipments") == 2


def test_timeouts_are_raised_when_retries_run_out(make_client, admin, make_request):
    client = make_client(timeout=(1.0, 0.1), max_retries=1)
    admin.set_faults(slow={"rate": 1.0}, delay_seconds=0.3)

    with pytest.raises(Timeout):
        client.get_shipment("shp_any")


def test_an_unreachable_carrier_raises_connection_failed(sleeps):
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        closed_port = placeholder.getsockname()[1]
    client = PostalClient(
        f"http://127.0.0.1:{closed_port}", "id", "secret", sleep=sleeps.append, max_retries=2
    )

    with client, pytest.raises(ConnectionFailed) as failed:
        client.get_shipment("shp_any")

    assert not isinstance(failed.value, Timeout)
    assert len(sleeps) == 2
