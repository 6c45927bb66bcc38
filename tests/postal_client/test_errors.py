"""How the carrier's error answers map onto the exception hierarchy."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from postal_client import (
    AuthenticationError,
    Conflict,
    IdempotencyConflict,
    NotFound,
    PostalError,
    RateLimited,
    ServerError,
    UnexpectedResponse,
    ValidationFailed,
)
from postal_client.errors import error_for_response


def error_body(code: str, **fields: str) -> dict:
    """Return an API error body."""
    return {"error": {"code": code, "message": f"{code} happened", "fields": fields}}


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "invalid_json", ValidationFailed),
        (401, "invalid_token", AuthenticationError),
        (404, "shipment_not_found", NotFound),
        (409, "already_picked_up", Conflict),
        (409, "idempotency_key_reused", IdempotencyConflict),
        (422, "validation_failed", ValidationFailed),
        (429, "rate_limited", RateLimited),
        (500, "internal_error", ServerError),
        (503, "carrier_unavailable", ServerError),
        (418, "teapot", UnexpectedResponse),
    ],
)
def test_each_status_has_its_exception(status, code, expected):
    error = error_for_response(status, error_body(code), {}, "req-1")

    assert type(error) is expected
    assert isinstance(error, PostalError)
    assert (error.status, error.code, error.request_id) == (status, code, "req-1")
    assert error.message == f"{code} happened"


def test_field_messages_are_kept():
    body = error_body("validation_failed", **{"recipient.phone": "required"})

    error = error_for_response(422, body, {}, None)

    assert isinstance(error, ValidationFailed)
    assert error.fields == {"recipient.phone": "required"}
    assert "recipient.phone: required" in str(error)


def test_oauth_errors_are_understood():
    body = {"error": "invalid_client", "error_description": "unknown client or secret"}

    error = error_for_response(401, body, {}, None)

    assert isinstance(error, AuthenticationError)
    assert (error.code, error.message) == ("invalid_client", "unknown client or secret")


def test_a_body_that_is_not_json_still_gives_a_clear_error():
    error = error_for_response(502, "<html>Bad Gateway</html>", {}, None)

    assert isinstance(error, ServerError)
    assert error.body == "<html>Bad Gateway</html>"
    assert "502" in str(error)


def test_retry_after_may_be_seconds_or_a_date():
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)

    in_seconds = error_for_response(429, {}, {"Retry-After": "12"}, None)
    as_date = error_for_response(429, {}, {"Retry-After": in_a_minute}, None)
    missing = error_for_response(429, {}, {}, None)

    assert isinstance(in_seconds, RateLimited) and in_seconds.retry_after == 12
    assert isinstance(as_date, RateLimited) and 55 < as_date.retry_after <= 60
    assert isinstance(missing, RateLimited) and missing.retry_after is None
