"""OAuth2 bearer tokens: the cache that renews them and the auth that sends them."""

import threading
from collections.abc import Callable
from typing import Any

import requests
from requests.auth import AuthBase

from postal_client.errors import UnexpectedResponse


class BearerAuth(AuthBase):
    """Send an OAuth2 bearer token (an AuthBase, so a netrc file never overrides it)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


class TokenCache:
    """Hold one access token, fetched lazily and renewed `margin` seconds before expiry.

    `fetch` returns a new token and its lifetime in seconds. The margin is capped at half
    the lifetime, so short-lived tokens are still used for a while.
    """

    def __init__(
        self,
        fetch: Callable[[], tuple[str, float]],
        *,
        margin: float,
        clock: Callable[[], float],
    ) -> None:
        self._fetch = fetch
        self._margin = margin
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0

    def current(self) -> str:
        """Return a usable token, fetching one when none is held or it is about to expire."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                issued_at = self._clock()
                token, lifetime = self._fetch()
                self._token = token
                self._renew_at = issued_at + lifetime - min(self._margin, lifetime / 2)
            return self._token

    def forget(self, refused: str) -> None:
        """Drop a token the carrier refused, unless another thread already replaced it."""
        with self._lock:
            if self._token == refused:
                self._token = None


def parse_token_answer(payload: Any) -> tuple[str, float]:
    """Return the bearer token and its lifetime from a token endpoint's answer."""
    try:
        token_type, token = payload["token_type"], payload["access_token"]
        lifetime = float(payload["expires_in"])
    except (KeyError, TypeError, ValueError) as error:
        raise UnexpectedResponse(f"token answer is malformed: {error!r}", body=payload) from error
    if str(token_type).lower() != "bearer" or not isinstance(token, str) or lifetime <= 0:
        raise UnexpectedResponse("token answer is not a usable bearer token", body=payload)
    return token, lifetime
