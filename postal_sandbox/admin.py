"""The sandbox's admin endpoints under /sandbox/: no OAuth, for tests and demos."""

from importlib.resources import files
from typing import TYPE_CHECKING, Any

from postal_sandbox.routing import ApiError, Request, Response
from postal_sandbox.stories import describe_stories

if TYPE_CHECKING:
    from postal_sandbox.carrier import Carrier

MAX_ADVANCE_MINUTES = 60 * 24 * 365


def list_shipments(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/shipments: every shipment with its story, state and event count."""
    return Response(200, {"shipments": carrier.book.summaries()})


def list_events(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/events: every tracking event the carrier has emitted."""
    return Response(200, {"events": carrier.book.all_events()})


def show_clock(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/clock: the sandbox time and speed."""
    return Response(200, {"now": carrier.clock.now().isoformat(), "speed": carrier.clock.speed})


def advance_clock(carrier: "Carrier", request: Request) -> Response:
    """POST /sandbox/clock/advance {"minutes": N}: jump ahead and release due events."""
    minutes = request.json_object().get("minutes")
    if not isinstance(minutes, int | float) or not 0 < minutes <= MAX_ADVANCE_MINUTES:
        raise ApiError(
            400,
            "invalid_minutes",
            "minutes must be a positive number",
            fields={"minutes": f"from 0 to {MAX_ADVANCE_MINUTES}, exclusive of 0"},
        )
    now = carrier.clock.advance(minutes)
    released = carrier.release_due_events()
    return Response(200, {"now": now.isoformat(), "released_events": released})


def show_faults(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/faults: the faults switched on."""
    return Response(200, carrier.faults.to_json())


def set_faults(carrier: "Carrier", request: Request) -> Response:
    """PUT /sandbox/faults: replace the fault settings (see faults.py for the shape)."""
    carrier.faults.configure(request.json_object())
    return Response(200, carrier.faults.to_json())


def set_webhook(carrier: "Carrier", request: Request) -> Response:
    """PUT /sandbox/webhook {"url", "secret"}: where events go; a null url stops them."""
    body = request.json_object()
    url, secret = body.get("url"), body.get("secret")
    problems = _webhook_problems(url, secret)
    if problems:
        raise ApiError(400, "invalid_webhook", "the webhook settings are invalid", fields=problems)
    carrier.webhooks.configure(url, secret)
    return Response(200, {"url": url})


def revoke_tokens(carrier: "Carrier", request: Request) -> Response:
    """POST /sandbox/tokens/revoke: invalidate every access token issued so far."""
    carrier.tokens.revoke_all()
    return Response(200, {"revoked": True})


def reset(carrier: "Carrier", request: Request) -> Response:
    """POST /sandbox/reset: forget everything and switch faults off."""
    carrier.reset()
    return Response(200, {"reset": True})


def show_stats(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/stats: token grants and refusals, requests per route, webhooks."""
    return Response(200, carrier.stats())


def show_stories(carrier: "Carrier", request: Request) -> Response:
    """GET /sandbox/stories: the stories and the rule choosing one."""
    return Response(200, describe_stories())


def show_contract(carrier: "Carrier", request: Request) -> Response:
    """GET /openapi.json: the API contract."""
    contract = files("postal_client").joinpath("openapi.json").read_text(encoding="utf-8")
    return Response(200, contract, {"Content-Type": "application/json"})


def _webhook_problems(url: Any, secret: Any) -> dict[str, str]:
    """Return what is wrong with webhook settings, by field."""
    if url is None:
        return {}
    problems = {}
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        problems["url"] = "must be an http(s) URL or null"
    if not isinstance(secret, str) or not secret:
        problems["secret"] = "required with a url"
    return problems
