"""Documents in (one, a list, or a CSV file), marked ready, and looked up."""

from flask import g, jsonify, request
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.csv_file import SourceRow, read_document_rows, upload_name
from delivery.intake.operations import import_documents, mark_ready
from delivery.intake.queries import office_document_or_404
from delivery.web.api import blueprint
from delivery.web.api.auth import STAFF_ROLES, token_required
from delivery.web.api.payloads import (
    document_json,
    import_answer,
    import_mode,
    json_body,
    json_object,
    validation_failed,
)
from delivery.web.api.references import resolve_documents


@blueprint.post("/documents")
@token_required(*STAFF_ROLES)
def create_documents():
    body = json_body()
    items = body if isinstance(body, list) else [body]
    rows = []
    for number, item in enumerate(items, start=1):
        line = number if isinstance(body, list) else None
        if not isinstance(item, dict):
            rows.append(SourceRow(line or 1, {}, _("Each document must be a JSON object.")))
        else:
            rows.append(
                SourceRow(line, {key: value for key, value in item.items() if value is not None})
            )
    if not rows:
        raise DomainError(_("Send at least one document."), field="body")
    mode = import_mode(request.args.get("mode"))
    return import_answer(import_documents(g.api_user.office, rows, mode, g.api_user, "api"))


@blueprint.post("/documents/import")
@token_required(*STAFF_ROLES)
def import_document_file():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise DomainError(_("Attach the CSV file in the multipart field 'file'."), field="file")
    mode = import_mode(request.form.get("mode"))
    result = import_documents(
        g.api_user.office,
        read_document_rows(upload.stream),
        mode,
        g.api_user,
        upload_name(upload.filename),
    )
    return import_answer(result)


@blueprint.post("/documents/mark-ready")
@token_required(*STAFF_ROLES)
def mark_documents_ready():
    documents, errors = resolve_documents(g.api_user.office, json_object())
    if errors:
        return validation_failed(errors)
    changed = mark_ready(g.api_user.office, documents, g.api_user)
    return jsonify(
        {
            "marked_ready": changed,
            "unchanged": len(documents) - changed,
            "documents": [document_json(document) for document in documents],
        }
    )


@blueprint.get("/documents/<int:document_id>")
@token_required(*STAFF_ROLES)
def show_document(document_id: int):
    return jsonify(document_json(office_document_or_404(g.api_user.office_id, document_id)))
