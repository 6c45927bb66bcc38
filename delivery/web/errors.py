"""How every actor is told that a request failed: JSON where a program asked, a page elsewhere.

One rule per actor decides the shape of an error answer:
- the API (everything under /api/) always answers JSON, since only programs call it;
- the courier's phone queue (the script that sends records saved on the phone) asks for JSON,
  so a courier request whose best accepted type is JSON gets JSON;
- every other request came from a page in a browser, and gets an error page.
The JSON shape is the same for all: {"error": {"code", "message", "field"}}.
"""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from delivery.core.errors import DomainError

API_PATH = "/api/"
COURIER_PATH = "/courier/"
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)


def is_api_request() -> bool:
    """Tell whether the request came to the JSON API."""
    return request.path.startswith(API_PATH)


def is_courier_queue_request() -> bool:
    """Tell whether the courier's phone script sent the request (it always asks for JSON)."""
    return (
        request.path.startswith(COURIER_PATH)
        and request.accept_mimetypes.best == "application/json"
    )


def errors_answer_in_json() -> bool:
    """Apply each actor's rule: JSON for the API and the courier's phone queue, else a page."""
    return is_api_request() or is_courier_queue_request()


def error_answer(status: int, code: str, message: str, field: str | None = None):
    """Answer with the JSON error shape or with the error page, as the actor's rule says."""
    if errors_answer_in_json():
        return jsonify({"error": {"code": code, "message": message, "field": field}}), status
    return render_template("shared/error.html", status=status, message=message), status


def domain_error(error: DomainError):
    return error_answer(error.status, error.code, error.message, error.field)


def csrf_error(error: CSRFError):
    message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
    return error_answer(400, "csrf", message, "csrf_token")


def http_error(error: HTTPException):
    code = (error.name or "error").lower().replace(" ", "_")
    body, status = error_answer(error.code or 500, code, http_error_message(error))
    return body, status, kept_headers(error)


def database_error(error: DBAPIError):
    """A connection the database dropped (a restart, a failover) is thrown away by the pool,
    and the next request gets a fresh one: this request is told to try again, not that the
    service broke. Any other database error is a bug, and stays one."""
    if not error.connection_invalidated:
        raise error
    log.warning("The database dropped a pooled connection; the request is asked to retry")
    message = _("The service is briefly unavailable. Please try again in a few seconds.")
    body, status = error_answer(503, "unavailable", message)
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    """Keep what an HTTP error says beside its body, such as the methods a 405 allows."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def http_error_message(error: HTTPException) -> str:
    """Give the common HTTP errors a message in the visitor's language."""
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You do not have access to this page."),
        404: _("Nothing was found at this address."),
        405: _("This address does not accept that kind of request."),
        413: _("The upload is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    return messages.get(error.code or 500, _("Something went wrong on our side."))


def register_error_answers(app: Flask) -> None:
    """Turn domain errors, CSRF failures and HTTP errors into clear 4xx answers, for every actor."""
    app.register_error_handler(DomainError, domain_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(DBAPIError, database_error)
