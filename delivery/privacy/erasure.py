"""Erasing personal data in whole sets of parcels, and counting first what each one held, so
that the record says what was erased without keeping any of it.

Each step is one UPDATE (or one counting SELECT) for all the parcels of a batch.
"""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Document, Parcel

ERASED = ""  # what an erased text column holds: they are not nullable


def held_per_parcel(parcel_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many proof photos, signatures and phone numbers each parcel still holds."""
    proofs = {
        parcel_id: (photos, signatures)
        for parcel_id, photos, signatures in db.session.execute(
            sa.select(
                DeliveryAttempt.parcel_id,
                sa.func.count(DeliveryAttempt.photo),
                sa.func.count(DeliveryAttempt.signature_png),
            )
            .where(DeliveryAttempt.parcel_id.in_(parcel_ids))
            .group_by(DeliveryAttempt.parcel_id)
        )
    }
    document_phones = dict(
        db.session.execute(
            sa.select(Document.parcel_id, sa.func.count())
            .where(Document.parcel_id.in_(parcel_ids), Document.recipient_phone != ERASED)
            .group_by(Document.parcel_id)
        ).all()
    )
    parcel_phones = set(
        db.session.scalars(
            sa.select(Parcel.id).where(Parcel.id.in_(parcel_ids), Parcel.recipient_phone != ERASED)
        )
    )
    return {
        parcel_id: {
            "proof_photos": proofs.get(parcel_id, (0, 0))[0],
            "signatures": proofs.get(parcel_id, (0, 0))[1],
            "phone_numbers": document_phones.get(parcel_id, 0) + (parcel_id in parcel_phones),
        }
        for parcel_id in parcel_ids
    }


def erase_proofs(parcel_ids: list[int]) -> None:
    """Erase the photos and signatures taken at the parcels' doors (issue 18 adds letters)."""
    db.session.execute(
        sa.update(DeliveryAttempt)
        .where(DeliveryAttempt.parcel_id.in_(parcel_ids))
        .values(photo=None, photo_content_type=None, signature_png=None)
        .execution_options(synchronize_session=False)
    )


def erase_phone_numbers(parcel_ids: list[int]) -> None:
    """Erase the residents' phone numbers on the parcels and on their documents."""
    db.session.execute(
        sa.update(Parcel)
        .where(Parcel.id.in_(parcel_ids))
        .values(recipient_phone=ERASED)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(Document)
        .where(Document.parcel_id.in_(parcel_ids))
        .values(recipient_phone=ERASED)
        .execution_options(synchronize_session=False)
    )


def holds_personal_data() -> sa.ColumnElement[bool]:
    """A condition on Parcel: it still holds a proof or a phone number the retention erases."""
    proof = (
        sa.select(DeliveryAttempt.id)
        .where(
            DeliveryAttempt.parcel_id == Parcel.id,
            sa.or_(DeliveryAttempt.photo.is_not(None), DeliveryAttempt.signature_png.is_not(None)),
        )
        .exists()
    )
    document_phone = (
        sa.select(Document.id)
        .where(Document.parcel_id == Parcel.id, Document.recipient_phone != ERASED)
        .exists()
    )
    return sa.or_(Parcel.recipient_phone != ERASED, proof, document_phone)
