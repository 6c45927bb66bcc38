"""Reading what the office holds about a person, who looked at personal data, and what the
privacy work did."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.paging import Page, page_of
from delivery.models import (
    AuditEntry,
    Document,
    Office,
    Parcel,
    PersonalDataView,
    ProcessingRestriction,
)
from delivery.parcels.codes import normalize_tracking_code

PRIVACY_ACTIONS = (
    "personal_data.erased",
    "personal_data.exported",
    "personal_data.restricted",
    "personal_data.restriction_lifted",
    "office.retention",
)
VIEWS_PER_PAGE = 100
LISTED_RECORDS = 100


def person_documents(office: Office, nik: str) -> list[Document]:
    """The office's documents whose holder has this NIK."""
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.office_id == office.id, Document.holder_nik == nik)
            .order_by(Document.id)
        )
    )


def parcels_of(documents: list[Document]) -> list[Parcel]:
    """The parcels holding these documents, each once, with their documents loaded."""
    ids = {document.parcel_id for document in documents if document.parcel_id}
    return list(
        db.session.scalars(
            sa.select(Parcel)
            .where(Parcel.id.in_(ids))
            .options(selectinload(Parcel.documents))
            .order_by(Parcel.id)
        )
    )


def restricted_ids(document_ids: list[int]) -> set[int]:
    """Those of the documents whose processing the holder restricted."""
    if not document_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(ProcessingRestriction.document_id).where(
                ProcessingRestriction.document_id.in_(document_ids)
            )
        )
    )


def is_restricted():
    """A condition on Document: its holder restricted its processing."""
    return (
        sa.select(ProcessingRestriction.id)
        .where(ProcessingRestriction.document_id == Document.id)
        .exists()
    )


def views_of_parcels(parcel_ids: list[int]) -> list[PersonalDataView]:
    return list(
        db.session.scalars(
            sa.select(PersonalDataView)
            .where(PersonalDataView.parcel_id.in_(parcel_ids))
            .options(selectinload(PersonalDataView.viewer), selectinload(PersonalDataView.parcel))
            .order_by(PersonalDataView.viewed_at, PersonalDataView.id)
        )
    )


def personal_data_views(office: Office, tracking_code: str = "", number: int = 1) -> Page:
    """A page of the office's record of views of personal data, newest first; of one parcel
    when a tracking code is given."""
    query = sa.select(PersonalDataView).where(PersonalDataView.office_id == office.id)
    if tracking_code:
        query = query.join(Parcel, Parcel.id == PersonalDataView.parcel_id).where(
            Parcel.tracking_code == normalize_tracking_code(tracking_code)
        )
    query = query.options(
        selectinload(PersonalDataView.viewer), selectinload(PersonalDataView.parcel)
    ).order_by(PersonalDataView.viewed_at.desc(), PersonalDataView.id.desc())
    return page_of(query, number, VIEWS_PER_PAGE)


def privacy_records(office: Office, limit: int = LISTED_RECORDS) -> list[AuditEntry]:
    """What the privacy work did in the office (erasures, exports, restrictions), newest first."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.office_id == office.id, AuditEntry.action.in_(PRIVACY_ACTIONS))
            .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
