"""Erasing personal data in whole sets of parcels, and counting first what each one held, so
that the record says what was erased without keeping any of it.

Each step is one UPDATE (or one counting SELECT) for all the parcels of a batch.
"""

from collections import Counter

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Document, Parcel
from delivery.models.resident import CarrierInstruction, RequestKind, ResidentRequest
from postal_client import InstructionKind

ERASED = ""  # what an erased text column holds: they are not nullable
# a phone a resident gave for messages, and the instruction that passed it to the carrier
PHONE_REQUEST = (ResidentRequest, ResidentRequest.kind == RequestKind.PHONE)
PHONE_INSTRUCTION = (CarrierInstruction, CarrierInstruction.kind == InstructionKind.RECIPIENT_PHONE)


def held_per_parcel(parcel_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many proof photos, signatures and phone numbers each parcel still holds."""
    proofs = {
        parcel_id: (photos, signatures, letters)
        for parcel_id, photos, signatures, letters in db.session.execute(
            sa.select(
                DeliveryAttempt.parcel_id,
                sa.func.count(DeliveryAttempt.photo),
                sa.func.count(DeliveryAttempt.signature_png),
                sa.func.count(DeliveryAttempt.letter_photo),
            )
            .where(DeliveryAttempt.parcel_id.in_(parcel_ids))
            .group_by(DeliveryAttempt.parcel_id)
        )
    }
    phones = Counter(rows_per_parcel(Document, Document.recipient_phone != ERASED, parcel_ids))
    phones.update(rows_per_parcel(Parcel, Parcel.recipient_phone != ERASED, parcel_ids, Parcel.id))
    for model, kind in (PHONE_REQUEST, PHONE_INSTRUCTION):
        phones.update(rows_per_parcel(model, kind, parcel_ids))
    return {
        parcel_id: {
            "proof_photos": proofs.get(parcel_id, (0, 0, 0))[0],
            "signatures": proofs.get(parcel_id, (0, 0, 0))[1],
            "representative_letters": proofs.get(parcel_id, (0, 0, 0))[2],
            "phone_numbers": phones[parcel_id],
        }
        for parcel_id in parcel_ids
    }


def rows_per_parcel(model, condition, parcel_ids: list[int], parcel_id=None) -> dict[int, int]:
    """How many of the model's rows meet the condition, per parcel."""
    parcel_id = parcel_id if parcel_id is not None else model.parcel_id
    query = sa.select(parcel_id, sa.func.count()).where(parcel_id.in_(parcel_ids), condition)
    return dict(db.session.execute(query.group_by(parcel_id)).all())


def erase_proofs(parcel_ids: list[int]) -> None:
    """Erase the photos, signatures and representatives' letters taken at the parcels' doors."""
    db.session.execute(
        sa.update(DeliveryAttempt)
        .where(DeliveryAttempt.parcel_id.in_(parcel_ids))
        .values(
            photo=None,
            photo_content_type=None,
            signature_png=None,
            letter_photo=None,
            letter_photo_content_type=None,
        )
        .execution_options(synchronize_session=False)
    )


def erase_phone_numbers(parcel_ids: list[int]) -> None:
    """Erase the residents' phone numbers: on the parcels, on their documents, and those a
    resident gave for messages (with the instructions that passed them to the carrier)."""
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
    for model, kind in (PHONE_REQUEST, PHONE_INSTRUCTION):
        db.session.execute(
            sa.delete(model)
            .where(model.parcel_id.in_(parcel_ids), kind)
            .execution_options(synchronize_session=False)
        )


def holds_personal_data() -> sa.ColumnElement[bool]:
    """A condition on Parcel: it still holds a proof or a phone number the retention erases."""
    proof = (
        sa.select(DeliveryAttempt.id)
        .where(
            DeliveryAttempt.parcel_id == Parcel.id,
            sa.or_(
                DeliveryAttempt.photo.is_not(None),
                DeliveryAttempt.signature_png.is_not(None),
                DeliveryAttempt.letter_photo.is_not(None),
            ),
        )
        .exists()
    )
    document_phone = (
        sa.select(Document.id)
        .where(Document.parcel_id == Parcel.id, Document.recipient_phone != ERASED)
        .exists()
    )
    given_phones = [
        sa.select(model.id).where(model.parcel_id == Parcel.id, kind).exists()
        for model, kind in (PHONE_REQUEST, PHONE_INSTRUCTION)
    ]
    return sa.or_(Parcel.recipient_phone != ERASED, proof, document_phone, *given_phones)
