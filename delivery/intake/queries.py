"""Finding an office's documents: the staff's filtered list and search, by id, by type and
number, and the report of the rows an import refused."""

from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.errors import NotFound
from delivery.core.paging import ListOrder
from delivery.intake.fields import DOCUMENT_NUMBER
from delivery.models import Document, DocumentStatus, DocumentType, ImportReport

SEARCHED_COLUMNS = (
    Document.holder_name,
    Document.recipient_name,
    Document.document_number,
    Document.village,
)
FILTER_VALUES: dict[str, set[str] | None] = {
    "status": {status.value for status in DocumentStatus},
    "document_type": {document_type.value for document_type in DocumentType},
    "village": None,  # any village the office writes
}


def known_filters(values: Mapping[str, str]) -> dict[str, str]:
    """Keep the list filters among the values sent that can match a document."""
    filters = {}
    for name, allowed in FILTER_VALUES.items():
        value = values.get(name, "").strip()
        if value and (allowed is None or value in allowed):
            filters[name] = value
    return filters


def search_terms(values: Mapping[str, str]) -> dict[str, str]:
    """The free text (q) and the holder's NIK of a document search, as its form sends them."""
    return {
        "q": values.get("q", "").strip()[:100],
        "nik": "".join(values.get("nik", "").split())[:16],
    }


def office_documents(
    office_id: int, filters: Mapping[str, str], text: str = "", nik: str = ""
) -> sa.Select:
    """The office's documents matching the filters, a free text and a holder's NIK, newest first."""
    query = sa.select(Document).where(Document.office_id == office_id)
    for name, value in filters.items():
        query = query.where(getattr(Document, name) == value)
    if text:
        query = query.where(text_matches(office_id, text))
    if nik:
        query = query.where(Document.holder_nik == nik)
    return query.options(selectinload(Document.parcel)).order_by(Document.id.desc())


NEWEST_DOCUMENTS_FIRST = ListOrder((Document.id,))


def text_matches(office_id: int, text: str) -> sa.ColumnElement[bool]:
    """A condition on Document: its number is the text typed, when the office has a document
    with that number (found from an index); else a searched column holds the text."""
    numbers = {text, text.upper()}
    if DOCUMENT_NUMBER.fullmatch(text) and any(map(str.isdigit, text)):
        exact = sa.select(Document.id).where(
            Document.office_id == office_id, Document.document_number.in_(numbers)
        )
        if db.session.scalar(exact.limit(1)) is not None:
            return Document.document_number.in_(numbers)
    pattern = f"%{text.lower()}%"
    return sa.or_(*(sa.func.lower(column).like(pattern) for column in SEARCHED_COLUMNS))


def office_villages(office_id: int) -> list[str]:
    """The villages the office's documents go to, for the list's filter: each found by one step
    in the index of the office's villages, however many documents each village has."""
    first_village = sa.select(sa.func.min(Document.village)).where(Document.office_id == office_id)
    villages = first_village.cte("villages", recursive=True)
    next_village = (
        sa.select(sa.func.min(Document.village))
        .where(Document.office_id == office_id, Document.village > villages.c[0])
        .scalar_subquery()
    )
    villages = villages.union_all(sa.select(next_village).where(villages.c[0].is_not(None)))
    found = sa.select(villages.c[0]).where(villages.c[0].is_not(None))
    return list(db.session.scalars(found))


def find_documents(office_id: int, ids: Iterable[int]) -> list[Document]:
    """Return the office's documents with these ids, in the order asked."""
    wanted = list(dict.fromkeys(ids))
    query = sa.select(Document).where(Document.office_id == office_id, Document.id.in_(wanted))
    found = {document.id: document for document in db.session.scalars(query)}
    return [found[document_id] for document_id in wanted if document_id in found]


def office_document(office_id: int, document_id: int) -> Document | None:
    return db.session.scalar(
        sa.select(Document).where(Document.office_id == office_id, Document.id == document_id)
    )


def office_document_or_404(office_id: int, document_id: int) -> Document:
    document = office_document(office_id, document_id)
    if document is None:
        raise NotFound(_("No document with this id in your office."), field="document_id")
    return document


def office_document_by_number(office_id: int, document_type: str, number: str) -> Document | None:
    """The office's document of this type with this number, if recorded."""
    return db.session.scalar(
        sa.select(Document).where(
            Document.office_id == office_id,
            Document.document_type == document_type,
            Document.document_number == number,
        )
    )


def office_import_report_or_404(office_id: int, report_id: int) -> ImportReport:
    """The rows an import of the office refused, as the CSV kept for staff to fix."""
    report = db.session.scalar(
        sa.select(ImportReport).where(
            ImportReport.office_id == office_id, ImportReport.id == report_id
        )
    )
    if report is None:
        raise NotFound(_("No import report with this id in your office."), field="report_id")
    return report
