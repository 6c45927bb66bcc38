"""Signing and verifying the carrier's tracking webhooks.

The carrier POSTs `{"type": "tracking.events", "events": [...]}` with two headers:
`X-Postal-Timestamp` (unix seconds) and `X-Postal-Signature`, the lowercase hex
HMAC-SHA256 of `f"{timestamp}.".encode() + raw_body` under the shared secret.
"""

import hashlib
import hmac
import json
import time
from collections.abc import Container, Mapping

from postal_client.models import TrackingEvent

TIMESTAMP_HEADER = "X-Postal-Timestamp"
SIGNATURE_HEADER = "X-Postal-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


class WebhookError(Exception):
    """A webhook request must not be believed."""


class InvalidSignature(WebhookError):
    """The signature is missing or does not match the body and timestamp."""


class StaleTimestamp(WebhookError):
    """The signed timestamp lies outside the tolerance window (an old or replayed request)."""


class ReplayedEvent(WebhookError):
    """Every event the webhook carries was already received."""

    def __init__(self, event_ids: list[str]) -> None:
        super().__init__(f"event ids already seen: {', '.join(event_ids)}")
        self.event_ids = event_ids


class MalformedWebhook(WebhookError):
    """The body is signed correctly but does not fit the contract."""


def sign_webhook(body: bytes, secret: str, timestamp: int) -> str:
    """Return the hex HMAC-SHA256 signature of a webhook body sent at `timestamp`."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_headers(body: bytes, secret: str, timestamp: int) -> dict[str, str]:
    """Return the headers that sign a webhook body sent at `timestamp`."""
    return {
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign_webhook(body, secret, timestamp),
    }


def verify_webhook(
    body: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    seen_event_ids: Container[str] | None = None,
    now: float | None = None,
) -> list[TrackingEvent]:
    """Check a webhook's signature and age; return its events not in `seen_event_ids`.

    A batch is judged event by event: events already seen are left out, new ones in the same
    batch are returned. Only a batch of nothing but seen events raises ReplayedEvent; answer it
    with 2xx so the carrier stops resending it. `seen_event_ids` is only read: record the ids
    yourself once the events are stored.
    """
    timestamp = _signed_timestamp(body, headers, secret)
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise StaleTimestamp(
            f"timestamp {timestamp} is {current - timestamp:.0f} s from now; "
            f"the window is {tolerance} s"
        )
    events = _parse_events(body)
    if seen_event_ids is None:
        return events
    new_events = [event for event in events if event.event_id not in seen_event_ids]
    if not new_events:
        raise ReplayedEvent([event.event_id for event in events])
    return new_events


def _signed_timestamp(body: bytes, headers: Mapping[str, str], secret: str) -> int:
    """Return the request's timestamp once the signature over it and the body is proven."""
    by_name = {name.lower(): value for name, value in headers.items()}
    timestamp_text = by_name.get(TIMESTAMP_HEADER.lower())
    signature = by_name.get(SIGNATURE_HEADER.lower())
    if not timestamp_text or not signature:
        raise InvalidSignature(f"missing {TIMESTAMP_HEADER} or {SIGNATURE_HEADER} header")
    try:
        timestamp = int(timestamp_text)
    except ValueError:
        raise InvalidSignature(f"{TIMESTAMP_HEADER} is not unix seconds") from None
    expected = sign_webhook(body, secret, timestamp)
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode()):
        raise InvalidSignature("signature does not match the body and timestamp")
    return timestamp


def _parse_events(body: bytes) -> list[TrackingEvent]:
    """Parse the body's events, or raise MalformedWebhook saying what is wrong."""
    try:
        payload = json.loads(body)
        events = [TrackingEvent.from_json(event) for event in payload["events"]]
    except (ValueError, KeyError, TypeError) as error:
        raise MalformedWebhook(f"body does not fit the contract: {error!r}") from error
    if not events:
        raise MalformedWebhook("body carries no events")
    return events
