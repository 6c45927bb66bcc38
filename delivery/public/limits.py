"""Rate limits on tracking lookups: per client address and per code asked about.

The page and the JSON API share both budgets, so switching between them gains nothing.
The numbers are settings (ANTAR_TRACKING_LIMITS_PER_ADDRESS, ANTAR_TRACKING_LIMITS_PER_CODE).
"""

from flask import Blueprint, current_app, request

from delivery.extensions import limiter
from delivery.public.tracking_input import limit_key


def address_limits() -> str:
    return current_app.config["TRACKING_LIMITS_PER_ADDRESS"]


def code_limits() -> str:
    return current_app.config["TRACKING_LIMITS_PER_CODE"]


def asked_code() -> str:
    """Return the code (or reference) the request asks about, as the limit counts it."""
    body = request.get_json(silent=True) if request.is_json else request.form
    typed = body.get("code") if isinstance(body, dict) else None  # a form is a dict too
    return "code:" + limit_key(typed)


def limit_tracking_lookups(blueprint: Blueprint) -> None:
    """Count each lookup the blueprint answers against the visitor's address and against the
    code it asks about.

    The limits sit on blueprints that hold nothing but lookups, so Flask-Limiter checks them
    in its before-request check, once per request, rather than again in a wrapper around each
    view; with rate limits off, nothing is checked at all."""
    limiter.shared_limit(address_limits, scope="tracking-address", methods=["POST"])(blueprint)
    limiter.shared_limit(
        code_limits, scope="tracking-code", key_func=asked_code, methods=["POST"]
    )(blueprint)
