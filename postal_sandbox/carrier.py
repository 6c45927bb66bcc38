"""The sandbox carrier's parts and the pipeline every request goes through."""

import threading
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from postal_sandbox import admin, api
from postal_sandbox.book import ShipmentBook
from postal_sandbox.clock import SandboxClock
from postal_sandbox.faults import FaultPlan
from postal_sandbox.routing import ApiError, Request, Response, Route, Router
from postal_sandbox.tokens import TokenIssuer
from postal_sandbox.webhook_sender import WebhookSender

ROUTES = [
    Route("POST", "/token", api.issue_token, "oauth"),
    Route("POST", "/v1/shipments", api.create_shipment, "api", changes_state=True),
    Route("GET", "/v1/shipments/{id}", api.get_shipment, "api"),
    Route("GET", "/v1/shipments/{id}/events", api.list_events, "api"),
    Route("POST", "/v1/shipments/{id}/cancel", api.cancel_shipment, "api", changes_state=True),
    Route(
        "POST", "/v1/shipments/{id}/instructions", api.send_instruction, "api", changes_state=True
    ),
    Route("POST", "/v1/pickups", api.request_pickup, "api", changes_state=True),
    Route("POST", "/v1/tracking", api.track, "api"),
    Route("GET", "/openapi.json", admin.show_contract, "public"),
    Route("GET", "/sandbox/shipments", admin.list_shipments, "admin"),
    Route("GET", "/sandbox/events", admin.list_events, "admin"),
    Route("GET", "/sandbox/clock", admin.show_clock, "admin"),
    Route("POST", "/sandbox/clock/advance", admin.advance_clock, "admin"),
    Route("GET", "/sandbox/faults", admin.show_faults, "admin"),
    Route("PUT", "/sandbox/faults", admin.set_faults, "admin"),
    Route("PUT", "/sandbox/webhook", admin.set_webhook, "admin"),
    Route("POST", "/sandbox/tokens/revoke", admin.revoke_tokens, "admin"),
    Route("POST", "/sandbox/reset", admin.reset, "admin"),
    Route("GET", "/sandbox/stats", admin.show_stats, "admin"),
    Route("GET", "/sandbox/stories", admin.show_stories, "admin"),
]


class Carrier:
    """Everything the sandbox carrier knows, and how it answers a request."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        webhook_url: str | None,
        webhook_secret: str | None,
        speed: float,
        token_ttl_seconds: int,
        auto_pickup_minutes: float | None,
        webhook_retry_delays: Sequence[float],
        stamp_real_time: bool = False,
    ) -> None:
        self.clock = SandboxClock(speed)
        self.book = ShipmentBook(self.clock, auto_pickup_minutes, stamp_real_time)
        self.tokens = TokenIssuer(client_id, client_secret, token_ttl_seconds)
        self.faults = FaultPlan()
        self.webhooks = WebhookSender(self.faults, webhook_retry_delays)
        self._initial_webhook = (webhook_url, webhook_secret)
        self.webhooks.configure(webhook_url, webhook_secret)
        self._router = Router(ROUTES)
        self._lock = threading.Lock()
        self._request_counts: Counter[str] = Counter()

    def handle(self, request: Request) -> Response | None:
        """Answer one request; None means close the connection unanswered (a fault)."""
        self.release_due_events()
        try:
            route, request.path_params = self._router.match(request.method, request.path)
            with self._lock:
                self._request_counts[route.name] += 1
            if route.kind == "api":
                request.client_id = self.tokens.client_for(request.header("Authorization"))
                self._inject_faults_before_answering()
            response = route.handler(self, request)
        except ApiError as error:
            return error.to_response()
        if route.changes_state and self.faults.fires("response_lost"):
            return None
        return response

    def release_due_events(self) -> int:
        """Record the story steps whose time has come, queue their webhooks, count them."""
        events = self.book.release_due_events()
        self.webhooks.enqueue(events)
        return len(events)

    def reset(self) -> None:
        """Forget every record, token, count and pending webhook; faults off; clock to now."""
        self.book.reset()
        self.tokens.reset()
        self.faults.configure({})
        self.webhooks.reset()
        self.webhooks.configure(*self._initial_webhook)
        self.clock.reset()
        with self._lock:
            self._request_counts.clear()

    def stats(self) -> dict[str, Any]:
        """Return the counters tests and demos look at."""
        with self._lock:
            requests = dict(self._request_counts)
        return {
            "token_grants": self.tokens.grants,
            "token_refusals": self.tokens.refusals,
            "requests": requests,
            "webhooks": self.webhooks.stats(),
        }

    def _inject_faults_before_answering(self) -> None:
        """Delay, rate-limit or fail the request when those faults fire."""
        settings = self.faults.settings
        if self.faults.fires("slow"):
            time.sleep(settings.delay_seconds)
        if self.faults.fires("rate_limit"):
            raise ApiError(
                429,
                "rate_limited",
                "too many requests; retry later",
                headers={"Retry-After": str(settings.retry_after_seconds)},
            )
        if self.faults.fires("server_error"):
            raise ApiError(
                settings.server_error_status,
                "carrier_unavailable",
                "the carrier is temporarily unavailable",
            )
