"""Resolving the ways an API client names documents: an id, or a type and number."""

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.database import db
from delivery.errors import DomainError
from delivery.intake.fields import DOCUMENT_TYPES, FieldError
from delivery.models import Document, Office


def document_references(body: object) -> list:
    """Return the list under "documents", or refuse the body."""
    references = body.get("documents") if isinstance(body, dict) else None
    if not isinstance(references, list) or not references:
        raise DomainError(
            _(
                'Send {"documents": [...]} with ids or {"document_type", '
                '"document_number"} objects.'
            ),
            field="documents",
        )
    return references


def find_document(office: Office, reference: object) -> Document | None:
    """Find one of the office's documents by id or by type and number."""
    query = sa.select(Document).where(Document.office_id == office.id)
    if isinstance(reference, int) and not isinstance(reference, bool):
        return db.session.scalar(query.where(Document.id == reference))
    if isinstance(reference, dict) and reference.get("document_type") in DOCUMENT_TYPES:
        return db.session.scalar(
            query.where(
                Document.document_type == reference["document_type"],
                Document.document_number == str(reference.get("document_number", "")),
            )
        )
    return None


def resolve_documents(office: Office, body: object) -> tuple[list[Document], list[FieldError]]:
    """Return the named documents, or an error for each reference that names none."""
    documents, errors = [], []
    for row, reference in enumerate(document_references(body), start=1):
        document = find_document(office, reference)
        if document is None:
            errors.append(FieldError("documents", _("No such document in your office."), row))
        else:
            documents.append(document)
    return documents, errors
