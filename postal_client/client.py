"""PostalClient: the one object that talks to the carrier's API."""

import logging
import random as random_module
import time
import uuid
from collections.abc import Callable, Sequence
from itertools import count
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import requests
from requests.auth import AuthBase, HTTPBasicAuth

from postal_client.auth import BearerAuth, TokenCache, parse_token_answer
from postal_client.errors import (
    AuthenticationError,
    ConnectionFailed,
    PostalError,
    RateLimited,
    ServerError,
    Timeout,
    UnexpectedResponse,
    error_for_response,
)
from postal_client.models import (
    DeliveryInstruction,
    InstructionReceipt,
    Pickup,
    Shipment,
    ShipmentRequest,
    TrackingBatch,
    TrackingEvent,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = (3.05, 15.0)
TRACKING_BATCH_SIZE = 100
REQUEST_ID_HEADER = "X-Request-Id"
IDEMPOTENCY_HEADER = "Idempotency-Key"


class PostalClient:
    """A client for the postal service's shipment and tracking API.

    Every endpoint of the contract is safe to repeat, so every call is retried on
    connection failures, timeouts, 429 and 5xx: reads change nothing, cancel and pickup
    are idempotent by design, and shipment creation carries an idempotency key.
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_retries: int = 3,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        max_retry_after: float = 60.0,
        token_refresh_margin: float = 60.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = random_module.random,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_retry_after = max_retry_after
        self._credentials = HTTPBasicAuth(client_id, client_secret)
        self._session = session or requests.Session()
        self._owns_session = session is None
        self._sleep = sleep
        self._random = random
        self._tokens = TokenCache(self._fetch_token, margin=token_refresh_margin, clock=clock)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session, unless the caller passed it in and still owns it."""
        if self._owns_session:
            self._session.close()

    def create_shipment(self, shipment: ShipmentRequest, *, idempotency_key: str) -> Shipment:
        """Book a shipment; repeating the same key returns the same shipment."""
        if not idempotency_key:
            raise ValueError("create_shipment needs an idempotency key, so retries are safe")
        return self._call(
            "POST",
            "/v1/shipments",
            Shipment.from_json,
            body=shipment.to_json(),
            idempotency_key=idempotency_key,
        )

    def get_shipment(self, shipment_id: str) -> Shipment:
        """Return the shipment with its latest tracking event."""
        return self._call("GET", f"/v1/shipments/{_segment(shipment_id)}", Shipment.from_json)

    def cancel_shipment(self, shipment_id: str) -> Shipment:
        """Cancel a shipment that has not been picked up; raises Conflict after pickup."""
        path = f"/v1/shipments/{_segment(shipment_id)}/cancel"
        return self._call("POST", path, Shipment.from_json)

    def send_instruction(
        self, shipment_id: str, instruction: DeliveryInstruction, *, idempotency_key: str
    ) -> InstructionReceipt:
        """Tell the carrier something about a shipment on its way (directions, a phone, a day,
        a recall…); the same key again returns the same receipt. Raises Conflict when the
        shipment is past acting on it (delivered, returned, cancelled, or a recall before
        pickup: cancel it instead)."""
        if not idempotency_key:
            raise ValueError("send_instruction needs an idempotency key, so retries are safe")
        return self._call(
            "POST",
            f"/v1/shipments/{_segment(shipment_id)}/instructions",
            InstructionReceipt.from_json,
            body=instruction.to_json(),
            idempotency_key=idempotency_key,
        )

    def request_pickup(self, shipment_ids: Sequence[str]) -> Pickup:
        """Ask the carrier to collect these shipments; the same list again is the same pickup."""
        if not shipment_ids:
            raise ValueError("a pickup needs at least one shipment id")
        body = {"shipment_ids": list(shipment_ids)}
        return self._call("POST", "/v1/pickups", Pickup.from_json, body=body)

    def list_events(self, shipment_id: str) -> list[TrackingEvent]:
        """Return the shipment's tracking history, oldest first."""
        path = f"/v1/shipments/{_segment(shipment_id)}/events"
        return self._call("GET", path, _events_from_json)

    def track_many(self, tracking_numbers: Sequence[str]) -> TrackingBatch:
        """Return the tracking histories of many shipments, asking in batches of 100."""
        events: dict[str, tuple[TrackingEvent, ...]] = {}
        not_found: list[str] = []
        for start in range(0, len(tracking_numbers), TRACKING_BATCH_SIZE):
            chunk = list(tracking_numbers[start : start + TRACKING_BATCH_SIZE])
            body = {"tracking_numbers": chunk}
            batch = self._call("POST", "/v1/tracking", TrackingBatch.from_json, body=body)
            events.update(batch.events)
            not_found.extend(batch.not_found)
        return TrackingBatch(events=events, not_found=tuple(not_found))

    def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> T:
        """Make one authorized API call, retried while transient, and parse its answer."""
        request_id = uuid.uuid4().hex
        payload = self._with_retries(
            lambda: self._send_authorized(method, path, body, idempotency_key, request_id)
        )
        try:
            return parse(payload)
        except (KeyError, TypeError, ValueError) as error:
            raise UnexpectedResponse(
                f"{method} {path}: the answer does not fit the contract: {error!r}",
                body=payload,
                request_id=request_id,
            ) from error

    def _send_authorized(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        idempotency_key: str | None,
        request_id: str,
    ) -> Any:
        """Send with the cached token; after a 401 renew the token and send once more."""
        auth = BearerAuth(self._tokens.current())
        try:
            return self._send(method, path, auth, request_id, body, idempotency_key)
        except AuthenticationError:
            logger.info("access token refused on %s %s; renewing it", method, path)
            self._tokens.forget(auth.token)
        auth = BearerAuth(self._tokens.current())
        return self._send(method, path, auth, request_id, body, idempotency_key)

    def _send(
        self,
        method: str,
        path: str,
        auth: AuthBase,
        request_id: str,
        body: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        form: dict[str, str] | None = None,
    ) -> Any:
        """Send one HTTP request and return its JSON body, or raise the matching PostalError."""
        headers = {REQUEST_ID_HEADER: request_id, "Accept": "application/json"}
        if idempotency_key:
            headers[IDEMPOTENCY_HEADER] = idempotency_key
        try:
            response = self._session.request(
                method,
                self.base_url + path,
                auth=auth,
                json=body,
                data=form,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.Timeout as error:
            raise Timeout(f"{method} {path} timed out", request_id=request_id) from error
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            message = f"{method} {path} got no answer: {error}"
            raise ConnectionFailed(message, request_id=request_id) from error
        return _json_or_raise(response, response.headers.get(REQUEST_ID_HEADER, request_id))

    def _with_retries(self, attempt: Callable[[], T]) -> T:
        """Run `attempt`, repeating it after a backoff while its failure is transient."""
        for retry in count():
            try:
                return attempt()
            except (RateLimited, ServerError, ConnectionFailed) as error:
                delay = self._delay_before_retry(retry, error)
                if delay is None:
                    raise
                logger.warning("retrying in %.2f s after %s", delay, error)
                self._sleep(delay)
        raise AssertionError("unreachable: count() never ends")

    def _delay_before_retry(self, retry: int, error: PostalError) -> float | None:
        """Return the wait before the next try, or None when another try is pointless."""
        if retry >= self.max_retries:
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        backoff = min(self.backoff_max, self.backoff_base * 2**retry)
        return backoff / 2 + self._random() * backoff / 2

    def _fetch_token(self) -> tuple[str, float]:
        """Obtain a token and its lifetime with the OAuth2 client-credentials grant."""
        grant = {"grant_type": "client_credentials"}
        payload = self._send("POST", "/token", self._credentials, uuid.uuid4().hex, form=grant)
        return parse_token_answer(payload)


def _json_or_raise(response: requests.Response, request_id: str) -> Any:
    """Return a successful answer's JSON body, or raise the error the answer means."""
    try:
        payload = response.json() if response.content else None
    except ValueError:
        payload = response.text
    if not response.ok:
        raise error_for_response(response.status_code, payload, response.headers, request_id)
    if not isinstance(payload, dict):
        raise UnexpectedResponse(
            "the carrier's answer is not a JSON object",
            status=response.status_code,
            body=payload,
            request_id=request_id,
        )
    return payload


def _events_from_json(payload: dict[str, Any]) -> list[TrackingEvent]:
    """Parse the body of the events endpoint."""
    return [TrackingEvent.from_json(event) for event in payload["events"]]


def _segment(identifier: str) -> str:
    """Quote an identifier for use as one URL path segment."""
    if not identifier:
        raise ValueError("an identifier must not be empty")
    return quote(identifier, safe="")
