"""Errors of the domain: a refusal with a message naming what was wrong, and its HTTP status.

The web layer (delivery.web.errors) turns them into a 4xx page or JSON."""


class DomainError(Exception):
    """A request the domain refuses, with a message naming what was wrong."""

    status = 400
    code = "invalid"

    def __init_subclass__(cls, *, status: int | None = None, code: str | None = None, **kwargs):
        """Let a refusal of another kind name its status and code in its class line."""
        super().__init_subclass__(**kwargs)
        cls.status = status or cls.status
        cls.code = code or cls.code

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError, status=403, code="forbidden"):
    """The user may not do this."""


class NotFound(DomainError, status=404, code="not_found"):
    """Nothing the user may see has this name or id."""


class Conflict(DomainError, status=409, code="conflict"):
    """The thing is not in a state that allows this (any more)."""


class ServiceUnavailable(DomainError, status=503, code="unavailable"):
    """A service the request needs cannot be reached; trying later may work."""
