"""Reading JSON request bodies and shaping JSON answers."""

from flask import jsonify, request
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.fields import FieldError
from delivery.intake.operations import ImportMode, ImportResult
from delivery.models import Document, Parcel


class UnsupportedBodyType(DomainError, status=415, code="unsupported_media_type"):
    """A body sent as something other than JSON."""


def json_body() -> object:
    """Return the parsed JSON body; refuse a missing or malformed one, naming it."""
    if request.mimetype and not request.is_json:
        raise UnsupportedBodyType(
            _("Send the body as JSON with Content-Type: application/json."), field="Content-Type"
        )
    body = request.get_json(silent=True) if request.is_json else None
    if body is None:
        raise DomainError(_("Send a JSON body with Content-Type: application/json."), field="body")
    return body


def json_object() -> dict:
    """Return the JSON body, which must be an object."""
    body = json_body()
    if not isinstance(body, dict):
        raise DomainError(_("Send a JSON object."), field="body")
    return body


def import_mode(value: str | None) -> ImportMode:
    """Read the import mode, defaulting to all-or-nothing."""
    try:
        return ImportMode(value or ImportMode.ALL_OR_NOTHING)
    except ValueError:
        raise DomainError(
            _("mode must be 'all_or_nothing' or 'good_rows'."), field="mode"
        ) from None


def validation_failed(errors: list[FieldError]):
    """Answer 422 with every field error."""
    return jsonify({"errors": [error.as_dict() for error in errors]}), 422


def import_answer(result: ImportResult):
    """Answer an import: 422 if bad rows left nothing to store, else the counts."""
    if result.refused_everything:
        return validation_failed(result.errors)
    body = {
        "mode": result.mode.value,
        "created": result.created,
        "duplicates": result.duplicates,
        "rejected": result.rejected_count,
        "document_ids": result.created_ids,
        "errors": [error.as_dict() for error in result.errors],
    }
    return jsonify(body), 201 if result.created else 200


def document_json(document: Document) -> dict:
    return {
        "id": document.id,
        "document_type": document.document_type.value,
        "document_number": document.document_number,
        "status": document.status.value,
        "application_ref": document.application_ref,
        "parcel": document.parcel.tracking_code if document.parcel else None,
    }


def parcel_json(parcel: Parcel) -> dict:
    return {
        "tracking_code": parcel.tracking_code,
        "status": parcel.status.value,
        "recipient_name": parcel.recipient_name,
        "village": parcel.village,
        "district": parcel.district,
        "document_ids": [document.id for document in parcel.documents],
        "created_at": parcel.created_at.isoformat(),
    }
