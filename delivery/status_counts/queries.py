"""Reading the counts per status: the sum of the office's changes, a few rows once merged."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Document, DocumentStatus, Office, Parcel, ParcelStatus
from delivery.models.counts import StatusCountChange as Change


def counts_by_status(office: Office, model, statuses) -> dict:
    """How many of the office's documents or parcels are in each status, none left out."""
    rows = db.session.execute(
        sa.select(Change.status, sa.func.sum(Change.change))
        .where(Change.office_id == office.id, Change.subject == model.__tablename__)
        .group_by(Change.status)
    )
    return dict.fromkeys(statuses, 0) | {statuses(status): int(count) for status, count in rows}


def document_counts(office: Office) -> dict[DocumentStatus, int]:
    return counts_by_status(office, Document, DocumentStatus)


def parcel_counts(office: Office) -> dict[ParcelStatus, int]:
    return counts_by_status(office, Parcel, ParcelStatus)
