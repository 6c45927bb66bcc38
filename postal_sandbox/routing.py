"""The sandbox's small HTTP vocabulary: requests, responses, errors and a router."""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

RouteKind = Literal["oauth", "api", "admin", "public"]


@dataclass
class Request:
    """An HTTP request as the sandbox's handlers see it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    path_params: dict[str, str] = field(default_factory=dict)
    client_id: str | None = None

    def header(self, name: str) -> str | None:
        """Return a header's value, whatever the case of its name."""
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """Return the JSON body, or raise a 400 saying it is not JSON."""
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            raise ApiError(400, "invalid_json", "the request body is not valid JSON") from None

    def json_object(self) -> dict[str, Any]:
        """Return the JSON body, which must be an object."""
        payload = self.json()
        if not isinstance(payload, dict):
            raise ApiError(400, "invalid_json", "the request body must be a JSON object")
        return payload


@dataclass
class Response:
    """A JSON answer."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """An error answer: `{"error": {"code", "message", "fields"}}`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}

    def to_response(self) -> Response:
        """Return the error as an HTTP answer."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return Response(self.status, {"error": error}, self.headers)


Handler = Callable[[Any, Request], Response]


@dataclass(frozen=True)
class Route:
    """One endpoint: its method and path template, handler and kind."""

    method: str
    template: str
    handler: Handler
    kind: RouteKind
    changes_state: bool = False

    @property
    def name(self) -> str:
        """Return the route's name for request counts, e.g. 'GET /v1/shipments/{id}'."""
        return f"{self.method} {self.template}"

    def match(self, path: str) -> dict[str, str] | None:
        """Return the path parameters when `path` fits the template, else None."""
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        found = re.fullmatch(pattern, path)
        return found.groupdict() if found else None


class Router:
    """Find the route for a method and path."""

    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """Return the route and its path parameters, or raise a 404 or 405."""
        allowed = []
        for route in self.routes:
            params = route.match(path)
            if params is None:
                continue
            if route.method == method:
                return route, params
            allowed.append(route.method)
        if allowed:
            raise ApiError(
                405,
                "method_not_allowed",
                f"{method} is not allowed on {path}",
                headers={"Allow": ", ".join(allowed)},
            )
        raise ApiError(404, "not_found", f"no endpoint at {path}")
