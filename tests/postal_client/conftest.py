"""Fixtures for the postal client and the sandbox carrier it is tested against: a sandbox on
loopback, clients, a webhook receiver.

The sandbox's clock is frozen (speed 0), so only the admin clock-advance endpoint moves
stories along; its state is reset through the admin API before every test.
"""

import queue
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from postal_client import (
    Address,
    Party,
    PostalClient,
    ReplayedEvent,
    ShipmentRequest,
    TrackingEvent,
    WebhookError,
    verify_webhook,
)
from postal_sandbox import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxAdmin, SandboxCarrier

WEBHOOK_SECRET = "test-webhook-secret"
OFFICE = Party(
    name="Disdukcapil Kota Bandung",
    phone="022-4234567",
    address=Address(
        lines=("Jl. Ambon No. 1B",),
        village="Citarum",
        district="Bandung Wetan",
        regency="Kota Bandung",
        province="Jawa Barat",
        postal_code="40115",
    ),
)


class WebhookReceiver:
    """A local HTTP endpoint that verifies webhooks the way the app will."""

    def __init__(self) -> None:
        self.seen_event_ids: set[str] = set()
        self.events: list[TrackingEvent] = []
        self.replays: list[str] = []
        self.rejections: list[str] = []
        self.refuse_next = 0
        self.bodies: list[bytes] = []
        self._arrivals: queue.Queue[None] = queue.Queue()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhooks/postal"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def receive(self, body: bytes, headers: dict[str, str]) -> int:
        """Verify one delivery and record it; return the HTTP status to answer."""
        try:
            with self._lock:
                self.bodies.append(body)
                return self._record(body, headers)
        finally:
            self._arrivals.put(None)

    def _record(self, body: bytes, headers: dict[str, str]) -> int:
        """Keep new events, note replays (acknowledged) and rejections (answered 400)."""
        if self.refuse_next:
            self.refuse_next -= 1
            return 503
        try:
            events = verify_webhook(
                body, headers, WEBHOOK_SECRET, seen_event_ids=self.seen_event_ids
            )
        except ReplayedEvent as replay:
            self.replays.extend(replay.event_ids)
            return 200
        except WebhookError as error:
            self.rejections.append(str(error))
            return 400
        self.events.extend(events)
        self.seen_event_ids.update(event.event_id for event in events)
        return 200

    def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until `condition()` holds, checking after each delivery."""
        while not condition():
            self._arrivals.get(timeout=timeout)

    def close(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        """Return a request handler class bound to this receiver."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.receive(body, dict(self.headers.items()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        return Handler


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxCarrier]:
    """Run one sandbox carrier for the module, on a port the OS picks."""
    carrier = SandboxCarrier(port=0, speed=0, webhook_retry_delays=(0.02, 0.05))
    with carrier:
        yield carrier


@pytest.fixture
def make_admin() -> type[SandboxAdmin]:
    """Return the admin API class, for sandboxes a test starts itself."""
    return SandboxAdmin


@pytest.fixture
def admin(sandbox: SandboxCarrier) -> SandboxAdmin:
    """Return the admin API of a freshly reset sandbox."""
    assert sandbox.url
    sandbox_admin = SandboxAdmin(sandbox.url)
    sandbox_admin.reset()
    return sandbox_admin


@pytest.fixture
def bearer_headers(sandbox: SandboxCarrier, admin: SandboxAdmin) -> dict[str, str]:
    """Return headers that authorize raw HTTP calls to the sandbox's API."""
    grant = requests.post(
        f"{sandbox.url}/token",
        auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
        data={"grant_type": "client_credentials"},
        timeout=5,
    )
    grant.raise_for_status()
    return {"Authorization": f"Bearer {grant.json()['access_token']}"}


@pytest.fixture
def sleeps() -> list[float]:
    """Collect the client's backoff sleeps instead of sleeping."""
    return []


@pytest.fixture
def make_client(
    sandbox: SandboxCarrier, admin: SandboxAdmin, sleeps: list[float]
) -> Iterator[Callable[..., PostalClient]]:
    """Return a factory of clients for the sandbox that record their sleeps."""
    clients: list[PostalClient] = []

    def make(**options: Any) -> PostalClient:
        settings: dict[str, Any] = {
            "timeout": (1.0, 2.0),
            "backoff_base": 0.01,
            "sleep": sleeps.append,
            "random": lambda: 1.0,
        }
        settings.update(options)
        assert sandbox.url
        client = PostalClient(sandbox.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, **settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., PostalClient]) -> PostalClient:
    """Return a client with the test settings."""
    return make_client()


@pytest.fixture
def make_request() -> Callable[..., ShipmentRequest]:
    """Return a factory of shipment requests; the postal code picks the sandbox story."""

    def make(reference: str = "PCL-0001", postal_code: str = "40121") -> ShipmentRequest:
        recipient = Party(
            name="Budi Santoso",
            phone="081234567890",
            address=Address(
                lines=("Jl. Merdeka No. 12", "RT 002 RW 005"),
                village="Sukamaju",
                district="Cibeunying Kidul",
                regency="Kota Bandung",
                province="Jawa Barat",
                postal_code=postal_code,
            ),
        )
        return ShipmentRequest(reference, OFFICE, recipient, weight_grams=120)

    return make


@pytest.fixture
def receiver(admin: SandboxAdmin) -> Iterator[WebhookReceiver]:
    """Run a webhook receiver and point the sandbox's webhooks at it."""
    webhook_receiver = WebhookReceiver()
    admin.set_webhook(webhook_receiver.url, WEBHOOK_SECRET)
    yield webhook_receiver
    admin.set_webhook(None, None)
    webhook_receiver.close()
