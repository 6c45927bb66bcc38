"""Webhook signatures: what verify_webhook accepts and what it refuses, and why."""

import hashlib
import hmac
import json

import pytest

from postal_client import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidSignature,
    MalformedWebhook,
    Reason,
    ReplayedEvent,
    StaleTimestamp,
    Status,
    sign_webhook,
    signature_headers,
    verify_webhook,
)

SECRET = "shared-secret"
NOW = 1_700_000_000


def event(event_id: str = "evt_1", code: int = 4010) -> dict:
    """Return one tracking event as the carrier sends it."""
    return {
        "event_id": event_id,
        "shipment_id": "shp_1",
        "tracking_number": "RR123456785ID",
        "reference": "PCL-0001",
        "code": code,
        "description": "Gagal antar: penerima tidak di tempat",
        "location": "Sukamaju, Cibeunying Kidul",
        "occurred_at": "2024-11-23T10:15:00+07:00",
    }


def delivery(*events: dict, sent_at: int = NOW) -> tuple[bytes, dict[str, str]]:
    """Return a signed webhook body and its headers."""
    body = json.dumps({"type": "tracking.events", "events": list(events)}).encode()
    return body, signature_headers(body, SECRET, sent_at)


def test_a_signed_webhook_parses_into_events_in_the_carriers_words():
    body, headers = delivery(event())

    [parsed] = verify_webhook(body, headers, SECRET, now=NOW + 10)

    assert parsed.event_id == "evt_1"
    assert parsed.status is Status.FAILED_ATTEMPT
    assert parsed.reason is Reason.ADDRESSEE_NOT_AT_HOME
    assert parsed.occurred_at.isoformat() == "2024-11-23T10:15:00+07:00"
    assert parsed.tracking_number == "RR123456785ID"
    assert parsed.to_json() == event()


def test_a_code_the_client_does_not_know_yet_costs_no_event_of_the_batch():
    flooded = {**event("evt_2", code=4070), "description": "Gagal antar: jalan terendam banjir"}
    body, headers = delivery(event("evt_1"), flooded)

    known, new_code = verify_webhook(body, headers, SECRET, now=NOW)

    assert known.status is Status.FAILED_ATTEMPT
    assert (new_code.code, new_code.status, new_code.reason) == (4070, None, None)
    assert new_code.description == "Gagal antar: jalan terendam banjir"


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"events": []}'

    expected = hmac.new(b"key", b"1700000000." + body, hashlib.sha256).hexdigest()

    assert sign_webhook(body, "key", NOW) == expected


def test_header_names_are_matched_whatever_their_case():
    body, headers = delivery(event())
    lowered = {name.lower(): value for name, value in headers.items()}

    assert verify_webhook(body, lowered, SECRET, now=NOW)


def test_a_wrong_signature_is_refused():
    body, headers = delivery(event())
    headers[SIGNATURE_HEADER] = sign_webhook(body, "another-secret", NOW)

    with pytest.raises(InvalidSignature):
        verify_webhook(body, headers, SECRET, now=NOW)


def test_a_changed_body_is_refused():
    body, headers = delivery(event(code=4010))
    tampered = body.replace(b"4010", b"3010")

    with pytest.raises(InvalidSignature):
        verify_webhook(tampered, headers, SECRET, now=NOW)


def test_a_moved_timestamp_is_refused():
    body, headers = delivery(event(), sent_at=NOW - 1000)
    headers[TIMESTAMP_HEADER] = str(NOW)

    with pytest.raises(InvalidSignature):
        verify_webhook(body, headers, SECRET, now=NOW)


@pytest.mark.parametrize("missing", [SIGNATURE_HEADER, TIMESTAMP_HEADER])
def test_missing_headers_are_refused(missing):
    body, headers = delivery(event())
    del headers[missing]

    with pytest.raises(InvalidSignature, match="missing"):
        verify_webhook(body, headers, SECRET, now=NOW)


def test_a_timestamp_that_is_not_a_number_is_refused():
    body, headers = delivery(event())
    headers[TIMESTAMP_HEADER] = "yesterday"

    with pytest.raises(InvalidSignature):
        verify_webhook(body, headers, SECRET, now=NOW)


@pytest.mark.parametrize("age", [301, -301, 86_400])
def test_a_timestamp_outside_the_window_is_stale(age):
    body, headers = delivery(event(), sent_at=NOW - age)

    with pytest.raises(StaleTimestamp):
        verify_webhook(body, headers, SECRET, now=NOW)


def test_the_window_can_be_widened():
    body, headers = delivery(event(), sent_at=NOW - 600)

    assert verify_webhook(body, headers, SECRET, now=NOW, tolerance=900)


def test_a_batch_is_judged_event_by_event():
    body, headers = delivery(event("evt_new"), event("evt_old"), event("evt_newer"))

    events = verify_webhook(body, headers, SECRET, now=NOW, seen_event_ids={"evt_old"})

    assert [each.event_id for each in events] == ["evt_new", "evt_newer"]


def test_a_batch_of_events_all_seen_before_is_a_replay():
    body, headers = delivery(event("evt_old"), event("evt_older"))

    with pytest.raises(ReplayedEvent) as replay:
        verify_webhook(body, headers, SECRET, now=NOW, seen_event_ids={"evt_old", "evt_older"})

    assert replay.value.event_ids == ["evt_old", "evt_older"]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"type": "tracking.events"}',
        b'{"type": "tracking.events", "events": []}',
        json.dumps({"events": [{**event(), "occurred_at": "2024-11-23T10:15:00"}]}).encode(),
        json.dumps({"events": [{**event(), "code": "4010"}]}).encode(),
        json.dumps({"events": [{k: v for k, v in event().items() if k != "event_id"}]}).encode(),
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-events",
        "empty-events",
        "time-without-offset",
        "code-as-text",
        "no-event-id",
    ],
)
def test_a_signed_body_that_does_not_fit_the_contract_is_malformed(body):
    headers = signature_headers(body, SECRET, NOW)

    with pytest.raises(MalformedWebhook):
        verify_webhook(body, headers, SECRET, now=NOW)
