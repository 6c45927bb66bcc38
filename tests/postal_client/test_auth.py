"""Access tokens: fetched lazily, cached, renewed before expiry and once after a 401."""

import time

import pytest
import requests

from postal_client import AuthenticationError, NotFound, PostalClient
from postal_sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier


def test_no_token_is_fetched_before_the_first_call(make_client, admin):
    make_client()

    assert admin.stats()["token_grants"] == 0


def test_one_token_serves_many_calls(client, admin, make_request):
    for number in range(5):
        client.create_shipment(make_request(f"PCL-{number}"), idempotency_key=f"key-{number}")

    assert admin.stats()["token_grants"] == 1


def test_token_is_renewed_a_margin_before_it_expires(make_client, admin, make_request):
    now = [1000.0]
    client = make_client(clock=lambda: now[0], token_refresh_margin=60)
    client.create_shipment(make_request(), idempotency_key="first")

    now[0] += 3600 - 61
    client.create_shipment(make_request("PCL-2"), idempotency_key="second")
    assert admin.stats()["token_grants"] == 1

    now[0] += 2
    client.create_shipment(make_request("PCL-3"), idempotency_key="third")
    stats = admin.stats()
    assert stats["token_grants"] == 2
    assert stats["token_refusals"] == 0


def test_short_lived_tokens_are_renewed_before_the_carrier_refuses_them(make_admin, make_request):
    with SandboxCarrier(speed=0, token_ttl_seconds=1) as short_lived:
        assert short_lived.url
        with PostalClient(short_lived.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET) as client:
            client.create_shipment(make_request(), idempotency_key="first")
            time.sleep(0.6)
            client.create_shipment(make_request("PCL-2"), idempotency_key="second")
        stats = make_admin(short_lived.url).stats()

    assert stats["token_grants"] == 2
    assert stats["token_refusals"] == 0


def test_a_refused_token_is_renewed_and_the_call_succeeds(client, admin, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="first")
    admin.revoke_tokens()

    assert client.get_shipment(shipment.id) == shipment
    stats = admin.stats()
    assert stats["token_grants"] == 2
    assert stats["token_refusals"] == 1


def test_a_second_refusal_is_not_retried_forever(sandbox, admin, make_request):
    class RevokingSession(requests.Session):
        """A session to a carrier that revokes every token just before each API call."""

        def request(self, method, url, *args, **kwargs):
            if "/v1/" in url:
                admin.revoke_tokens()
            return super().request(method, url, *args, **kwargs)

    with RevokingSession() as session:
        client = PostalClient(
            sandbox.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, session=session
        )
        with pytest.raises(AuthenticationError) as refused:
            client.get_shipment("shp_any")

    assert refused.value.status == 401
    assert admin.requests_to("GET /v1/shipments/{id}") == 2
    assert admin.stats()["token_grants"] == 2


def test_wrong_credentials_raise_authentication_error(sandbox, admin, sleeps):
    with PostalClient(sandbox.url, DEFAULT_CLIENT_ID, "wrong", sleep=sleeps.append) as client:
        with pytest.raises(AuthenticationError) as refused:
            client.get_shipment("shp_missing")

    assert refused.value.code == "invalid_client"
    assert admin.requests_to("POST /token") == 1
    assert sleeps == []


def test_the_token_is_sent_as_a_bearer_token(client, admin):
    with pytest.raises(NotFound):
        client.get_shipment("shp_missing")

    assert admin.stats()["token_refusals"] == 0
