"""Errors of the domain, and how the web layer shows them: a page, or JSON for the API."""

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A request the domain refuses, with a message naming what was wrong."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class ServiceUnavailable(DomainError):
    status = 503
    code = "unavailable"


def wants_json() -> bool:
    """Tell whether the request came to the JSON API."""
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, field: str | None = None):
    """Answer with the API's error shape or with an error page."""
    if wants_json():
        body = {"error": {"code": code, "message": message, "field": field}}
        return jsonify(body), status
    return render_template("error.html", status=status, message=message), status


def register_error_pages(app: Flask) -> None:
    """Turn domain errors, CSRF failures and HTTP errors into clear 4xx answers."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return error_response(error.status, error.code, error.message, error.field)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
        return error_response(400, "csrf", message, "csrf_token")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        body, status = error_response(error.code or 500, code, http_error_message(error))
        return body, status, kept_headers(error)


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
