"""Drive a running sandbox carrier over HTTP through its /sandbox/ admin endpoints."""

from typing import Any

import requests


class SandboxAdmin:
    """The admin endpoints of the sandbox carrier at `url`; an error answer raises HTTPError."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout

    def shipments(self) -> list[dict[str, Any]]:
        """Return every shipment the carrier holds."""
        return self._call("GET", "/sandbox/shipments")["shipments"]

    def events(self) -> list[dict[str, Any]]:
        """Return every tracking event the carrier has emitted."""
        return self._call("GET", "/sandbox/events")["events"]

    def stats(self) -> dict[str, Any]:
        """Return the carrier's counters."""
        return self._call("GET", "/sandbox/stats")

    def requests_to(self, route: str) -> int:
        """Return how many requests reached one route, e.g. 'POST /v1/shipments'."""
        return self.stats()["requests"].get(route, 0)

    def advance(self, minutes: float) -> dict[str, Any]:
        """Move the carrier's clock forward, releasing the events now due."""
        return self._call("POST", "/sandbox/clock/advance", {"minutes": minutes})

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Replace the fault settings."""
        return self._call("PUT", "/sandbox/faults", settings)

    def set_webhook(self, url: str | None, secret: str | None) -> None:
        """Send tracking events to `url`, signed with `secret` (None: send none)."""
        self._call("PUT", "/sandbox/webhook", {"url": url, "secret": secret})

    def revoke_tokens(self) -> None:
        """Invalidate every access token."""
        self._call("POST", "/sandbox/tokens/revoke")

    def reset(self) -> None:
        """Forget every record, token and pending webhook; faults off; the clock back to now."""
        self._call("POST", "/sandbox/reset")

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        """Call an admin endpoint and return its JSON."""
        response = requests.request(method, self.url + path, json=body, timeout=self.timeout)
        response.raise_for_status()
        return response.json()
