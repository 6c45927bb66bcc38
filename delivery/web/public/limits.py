"""Rate limits on tracking lookups: per client address and per parcel asked about.

The page and the JSON API share both budgets, so switching between them gains nothing. A
parcel's tracking code and its application references share one budget too; a code or
reference that names no parcel has a budget of its own, so it runs out just as a real one
does and the limit does not tell which codes exist.
The numbers are settings (ANTAR_TRACKING_LIMITS_PER_ADDRESS, ANTAR_TRACKING_LIMITS_PER_CODE).
"""

from flask import Blueprint, current_app, g, request

from delivery.core.extensions import limiter
from delivery.resident.budget import named_parcel
from delivery.resident.form import InvalidTrackingRequest, limit_key, read_identifier


def address_limits() -> str:
    return current_app.config["TRACKING_LIMITS_PER_ADDRESS"]


def code_limits() -> str:
    return current_app.config["TRACKING_LIMITS_PER_CODE"]


def asked_parcel() -> str:
    """Return the key the lookup counts under: the parcel its code or reference names, or else
    the code as typed. Found once per request, though each limit of the setting asks."""
    if "tracking_limit_key" not in g:
        body = request.get_json(silent=True) if request.is_json else request.form
        typed = body.get("code") if isinstance(body, dict) else None  # a form is a dict too
        g.tracking_limit_key = parcel_key(typed)
    return g.tracking_limit_key


def parcel_key(typed: object) -> str:
    try:
        parcel_id = named_parcel(read_identifier(typed))
    except InvalidTrackingRequest:
        parcel_id = None
    return f"parcel:{parcel_id}" if parcel_id else "code:" + limit_key(typed)


def limit_tracking_lookups(blueprint: Blueprint) -> None:
    """Count each lookup the blueprint answers against the visitor's address and against the
    parcel it asks about.

    The limits sit on blueprints that hold nothing but lookups, so Flask-Limiter checks them
    in its before-request check, once per request, rather than again in a wrapper around each
    view; with rate limits off, nothing is checked at all."""
    limiter.shared_limit(address_limits, scope="tracking-address", methods=["POST"])(blueprint)
    limiter.shared_limit(
        code_limits, scope="tracking-code", key_func=asked_parcel, methods=["POST"]
    )(blueprint)
