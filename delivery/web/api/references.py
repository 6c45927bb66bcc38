"""Resolving the ways an API client names documents: an id, or a type and number."""

from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.fields import DOCUMENT_NUMBER, DOCUMENT_TYPES, FieldError
from delivery.intake.queries import office_document, office_document_by_number
from delivery.models import Document, Office
from delivery.web.request_input import LARGEST_ID


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
    if is_id(reference):
        return office_document(office.id, reference)
    type_and_number = read_type_and_number(reference)
    if type_and_number is None:
        return None
    return office_document_by_number(office.id, *type_and_number)


def is_id(value: object) -> bool:
    """Tell whether a value can be a row's id: an integer within the database's range."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= LARGEST_ID


def read_type_and_number(reference: object) -> tuple[str, str] | None:
    """Read {"document_type", "document_number"}, or None if it cannot name a document."""
    if not isinstance(reference, dict):
        return None
    document_type, number = reference.get("document_type"), reference.get("document_number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(document_type, str) or document_type not in DOCUMENT_TYPES:
        return None
    if not isinstance(number, str) or not DOCUMENT_NUMBER.fullmatch(number):
        return None
    return document_type, number


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
