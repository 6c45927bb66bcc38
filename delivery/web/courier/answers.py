"""How courier actions answer: JSON for the phone's queue, pages for everything else."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from delivery.core.errors import DomainError, error_response, http_error_message
from delivery.doorstep.words import door_words
from delivery.web.courier import blueprint


def json_error(status: int, code: str, message: str, field: str | None = None):
    return jsonify({"error": {"code": code, "message": message, "field": field}}), status


def wants_json() -> bool:
    """Tell whether the phone's script sent the request (it always asks for JSON)."""
    return request.accept_mimetypes.best == "application/json"


@blueprint.errorhandler(DomainError)
def domain_error(error: DomainError):
    if wants_json():
        return json_error(error.status, error.code, error.message, error.field)
    return error_response(error.status, error.code, error.message, error.field)


@blueprint.errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
    if wants_json():
        return json_error(400, "csrf", message, "csrf_token")
    return error_response(400, "csrf", message, "csrf_token")


@blueprint.errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = (error.name or "error").lower().replace(" ", "_")
    if wants_json():
        return json_error(error.code or 500, code, http_error_message(error))
    return error_response(error.code or 500, code, http_error_message(error))


@blueprint.context_processor
def courier_words() -> dict:
    return door_words()
