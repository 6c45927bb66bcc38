"""Packing: ready documents become parcels, one per household (same KK and same address)."""

import hashlib
from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.models import (
    Document,
    DocumentStatus,
    DocumentType,
    EventSource,
    Office,
    Parcel,
    ParcelStatus,
    User,
)
from delivery.parcels.codes import new_qr_token, new_tracking_code
from delivery.parcels.lifecycle import move_parcel

ADDRESS_FIELDS = ("street", "rt", "rw", "village", "district", "postal_code")
RECIPIENT_FIELDS = ("recipient_name", "recipient_phone", "regency", "province", *ADDRESS_FIELDS)


def household_key(document: Document) -> str:
    """Identify a household by its KK number and its address, ignoring case and spacing."""
    parts = [document.kk_number] + [
        " ".join(getattr(document, name).lower().split()) for name in ADDRESS_FIELDS
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def ready_documents(office: Office) -> list[Document]:
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.office_id == office.id, Document.status == DocumentStatus.READY)
            .order_by(Document.id)
        )
    )


def check_packable(documents: list[Document]) -> None:
    """Refuse documents that are not ready, naming them."""
    for document in documents:
        if document.status != DocumentStatus.READY:
            raise Conflict(
                _(
                    "Document %(number)s is %(status)s, not ready; mark it ready first.",
                    number=document.document_number,
                    status=document.status.value,
                ),
                field="documents",
            )


def pack_household_parcels(
    office: Office, documents: list[Document] | None = None, actor: User | None = None
) -> list[Parcel]:
    """Pack the given ready documents (or all the office's) into household parcels."""
    documents = ready_documents(office) if documents is None else documents
    check_packable(documents)
    households: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        households[household_key(document)].append(document)
    parcels = [pack_household(office, key, members, actor) for key, members in households.items()]
    db.session.commit()
    return parcels


def open_parcel_for(office: Office, key: str) -> Parcel | None:
    """Return the household's parcel that has not left the office yet, if any."""
    return db.session.scalar(
        sa.select(Parcel).where(
            Parcel.office_id == office.id,
            Parcel.household_key == key,
            Parcel.status == ParcelStatus.READY,
            Parcel.batch_id.is_(None),
        )
    )


def pack_household(
    office: Office, key: str, documents: list[Document], actor: User | None
) -> Parcel:
    """Put a household's documents into its open parcel, or into a new one."""
    parcel = open_parcel_for(office, key)
    if parcel is None:
        addressee = next((d for d in documents if d.document_type == DocumentType.KK), documents[0])
        parcel = Parcel(
            office=office,
            household_key=key,
            tracking_code=unused_tracking_code(),
            qr_token=new_qr_token(),
            **{name: getattr(addressee, name) for name in RECIPIENT_FIELDS},
        )
        db.session.add(parcel)
    for document in documents:
        document.status = DocumentStatus.PACKED
        parcel.documents.append(document)
    db.session.flush()
    record_change(
        "parcel.pack",
        parcel,
        actor=actor,
        after={
            "document_ids": [doc.id for doc in documents],
            "tracking_code": parcel.tracking_code,
        },
    )
    return parcel


def unused_tracking_code() -> str:
    """Draw tracking codes until one is not taken (collisions are rare but possible)."""
    while True:
        code = new_tracking_code()
        if not db.session.scalar(sa.select(Parcel.id).filter_by(tracking_code=code)):
            return code


def unpack_parcel(parcel: Parcel, actor: User | None = None) -> None:
    """Take a parcel apart before dispatch: its documents are ready again, it is cancelled."""
    if parcel.status != ParcelStatus.READY or parcel.batch_id is not None:
        raise Conflict(
            _(
                "Parcel %(code)s has been dispatched and can no longer be unpacked.",
                code=parcel.tracking_code,
            ),
            field="parcel",
        )
    document_ids = [document.id for document in parcel.documents]
    for document in list(parcel.documents):
        document.status = DocumentStatus.READY
        parcel.documents.remove(document)
    record_change("parcel.unpack", parcel, actor=actor, before={"document_ids": document_ids})
    move_parcel(
        parcel,
        ParcelStatus.CANCELLED,
        at=max(utcnow(), parcel.status_changed_at),
        source=EventSource.STAFF,
        actor=actor,
    )
    db.session.commit()
