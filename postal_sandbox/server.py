"""The sandbox carrier as a real HTTP server, run in background threads."""

import json
import logging
import threading
import uuid
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

from postal_sandbox.carrier import Carrier
from postal_sandbox.routing import ApiError, Request, Response

logger = logging.getLogger(__name__)

DEFAULT_CLIENT_ID = "antar-sandbox"
DEFAULT_CLIENT_SECRET = "sandbox-secret"
MAX_BODY_BYTES = 1_000_000


class SandboxCarrier:
    """A sandbox postal carrier listening on `host:port` (port 0: the OS picks one).

    `speed` is how many sandbox seconds pass per real second (0 freezes the clock, so
    only POST /sandbox/clock/advance moves it). `auto_pickup_minutes` starts a shipment's
    story that many sandbox minutes after creation even without a pickup request.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        speed: float = 60.0,
        token_ttl_seconds: int = 3600,
        auto_pickup_minutes: float | None = None,
        webhook_retry_delays: Sequence[float] = (1, 2, 4, 8, 16),
        tick_seconds: float = 0.2,
        stamp_real_time: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.url: str | None = None
        self._carrier = Carrier(
            client_id=client_id,
            client_secret=client_secret,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            speed=speed,
            token_ttl_seconds=token_ttl_seconds,
            auto_pickup_minutes=auto_pickup_minutes,
            webhook_retry_delays=webhook_retry_delays,
            stamp_real_time=stamp_real_time,
        )
        self._tick_seconds = tick_seconds
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: _Server | None = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Self:
        """Listen, serve and tick in background threads; return once listening."""
        self._server = _Server((self.host, self.port), _Handler, self._carrier)
        self.port = self._server.server_address[1]
        self.url = f"http://{self.host}:{self.port}"
        self._stopping.clear()
        self._carrier.webhooks.start()
        self._threads = [
            threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},  # so stop() returns promptly
                name="sandbox-http",
                daemon=True,
            ),
            threading.Thread(target=self._tick, name="sandbox-clock", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join()
        self._carrier.webhooks.stop()

    def _tick(self) -> None:
        """Release due story events as the clock runs, until stopped."""
        while not self._stopping.wait(self._tick_seconds):
            self._carrier.release_due_events()


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that knows its carrier."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], carrier: Carrier
    ) -> None:
        self.carrier = carrier
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    """Turn HTTP into the sandbox's Request and Response, on keep-alive connections."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't wait 40 ms
    server: _Server

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer()

    def do_POST(self) -> None:
        """Answer a POST."""
        self._answer()

    def do_PUT(self) -> None:
        """Answer a PUT."""
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        """Log requests at debug level instead of printing them to stderr."""
        logger.debug("%s %s", self.address_string(), format % args)

    def _answer(self) -> None:
        """Read the request, let the carrier handle it and write the answer."""
        request_id = self.headers.get("X-Request-Id") or uuid.uuid4().hex
        try:
            response = self.server.carrier.handle(self._read_request())
        except ApiError as error:
            response = error.to_response()
        except Exception:
            logger.exception("sandbox failed on %s %s", self.command, self.path)
            response = ApiError(500, "internal_error", "the sandbox failed").to_response()
        if response is None:
            self.close_connection = True
            return
        self._write(response, request_id)

    def _read_request(self) -> Request:
        """Return the request line, headers and body as a Request."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            raise ApiError(413, "body_too_large", f"bodies are limited to {MAX_BODY_BYTES} bytes")
        return Request(
            method=self.command,
            path=self.path.split("?", 1)[0],
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )

    def _write(self, response: Response, request_id: str) -> None:
        """Send a JSON answer with its length, so the connection can be kept alive."""
        body = response.body if isinstance(response.body, str) else json.dumps(response.body)
        payload = body.encode()
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Request-Id", request_id)
        for name, value in response.headers.items():
            if name != "Content-Type":
                self.send_header(name, value)
        try:
            self.end_headers()
            self.wfile.write(payload)
        except ConnectionError:
            logger.debug("the client left before the answer to %s %s", self.command, self.path)
            self.close_connection = True
