"""The exceptions the client raises, all rooted in PostalError."""

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


class PostalError(Exception):
    """A call to the postal API failed; carries what the carrier said."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        body: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.body = body
        self.request_id = request_id

    def __str__(self) -> str:
        details = [f"HTTP {self.status}" if self.status else None, self.code, self.request_id]
        known = ", ".join(detail for detail in details if detail)
        return f"{self.message} ({known})" if known else self.message


class AuthenticationError(PostalError):
    """The carrier rejected the client credentials or the access token (401)."""


class ValidationFailed(PostalError):
    """The carrier rejected the request's content (400 or 422); `fields` names what."""

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, **details: Any):
        super().__init__(message, **details)
        self.fields = fields or {}

    def __str__(self) -> str:
        named = "; ".join(f"{field}: {problem}" for field, problem in self.fields.items())
        return f"{super().__str__()}: {named}" if named else super().__str__()


class NotFound(PostalError):
    """The shipment or pickup does not exist at the carrier (404)."""


class Conflict(PostalError):
    """The request clashes with the shipment's state, e.g. cancelling after pickup (409)."""


class IdempotencyConflict(Conflict):
    """An idempotency key was reused with a different request body (409)."""


class RateLimited(PostalError):
    """The carrier asked the client to slow down (429); `retry_after` is in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **details: Any):
        super().__init__(message, **details)
        self.retry_after = retry_after


class ServerError(PostalError):
    """The carrier failed to handle the request (5xx)."""


class UnexpectedResponse(PostalError):
    """The carrier answered with a status or body this client does not understand."""


class ConnectionFailed(PostalError):
    """No answer arrived: the connection failed or was closed before the response."""


class Timeout(ConnectionFailed):
    """The carrier did not connect or answer within the client's timeout."""


def error_for_response(
    status: int, body: Any, headers: Mapping[str, str], request_id: str | None
) -> PostalError:
    """Return the exception that matches an unsuccessful HTTP answer."""
    code, message, fields = _error_details(body, status)
    details: dict[str, Any] = {
        "status": status,
        "code": code,
        "body": body,
        "request_id": request_id,
    }
    if status in (400, 422):
        return ValidationFailed(message, fields=fields, **details)
    if status == 429:
        return RateLimited(message, retry_after=_retry_after(headers), **details)
    if status == 409 and code == IDEMPOTENCY_KEY_REUSED:
        return IdempotencyConflict(message, **details)
    if status >= 500:
        return ServerError(message, **details)
    return _ERRORS_BY_STATUS.get(status, UnexpectedResponse)(message, **details)


IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"

_ERRORS_BY_STATUS: dict[int, type[PostalError]] = {
    401: AuthenticationError,
    404: NotFound,
    409: Conflict,
}


def _error_details(body: Any, status: int) -> tuple[str | None, str, dict[str, str]]:
    """Return the code, message and field messages of an error body in either shape.

    API calls answer `{"error": {"code", "message", "fields"}}`; the OAuth token endpoint
    answers RFC 6749's `{"error": "invalid_client", "error_description": "..."}`.
    """
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):
        return error, str(body.get("error_description") or error), {}
    if isinstance(error, dict):
        fields = error.get("fields")
        return (
            error.get("code"),
            str(error.get("message") or f"HTTP {status}"),
            {str(name): str(problem) for name, problem in fields.items()}
            if isinstance(fields, dict)
            else {},
        )
    return None, f"the carrier answered HTTP {status}", {}


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Return the Retry-After header in seconds, whether given as seconds or as a date."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
