"""The sandbox's OAuth2 client-credentials grant and bearer-token checks."""

import base64
import binascii
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qs

from postal_sandbox.routing import ApiError, Request, Response


class TokenIssuer:
    """Grant short-lived bearer tokens to the one configured client, and check them."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        ttl_seconds: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self.ttl_seconds = ttl_seconds
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget every token and zero the counters."""
        with self._lock:
            self._expiry_by_token: dict[str, float] = {}
            self.grants = 0
            self.refusals = 0

    def revoke_all(self) -> None:
        """Invalidate every token issued so far."""
        with self._lock:
            self._expiry_by_token.clear()

    def grant(self, request: Request) -> Response:
        """Answer POST /token: check Basic credentials and issue a token (RFC 6749 4.4)."""
        if not self._credentials_match(request.header("Authorization")):
            return Response(
                401,
                {"error": "invalid_client", "error_description": "unknown client or secret"},
                {"WWW-Authenticate": 'Basic realm="sandbox"'},
            )
        form = parse_qs(request.body.decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            body = {
                "error": "unsupported_grant_type",
                "error_description": "only grant_type=client_credentials is supported",
            }
            return Response(400, body)
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._expiry_by_token[token] = self._monotonic() + self.ttl_seconds
            self.grants += 1
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.ttl_seconds}
        return Response(200, body, {"Cache-Control": "no-store"})

    def client_for(self, authorization: str | None) -> str:
        """Return the client id a valid bearer token belongs to, or raise a 401."""
        scheme, _, token = (authorization or "").partition(" ")
        with self._lock:
            expiry = self._expiry_by_token.get(token.strip())
            if scheme.lower() == "bearer" and expiry and expiry > self._monotonic():
                return self.client_id
            self.refusals += 1
        raise ApiError(
            401,
            "invalid_token",
            "the access token is missing, expired or revoked",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    def _credentials_match(self, authorization: str | None) -> bool:
        """Say whether a Basic Authorization header carries the configured credentials."""
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            client_id, _, secret = base64.b64decode(encoded.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = f"{self.client_id}:{self._client_secret}".encode()
        return hmac.compare_digest(f"{client_id}:{secret}".encode(), expected)
