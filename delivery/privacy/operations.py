"""What the office does for the data-protection law, each audited: record who opened a parcel's
personal data, set the retention period, and answer a person's request (found by NIK) to
export, restrict or erase what the office holds about them. The NIK is never written to the
audit trail; the documents and parcels concerned are named by id and tracking code."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, NotFound
from delivery.models import (
    DeliveryAttempt,
    Document,
    Office,
    Parcel,
    PersonalDataPlace,
    PersonalDataView,
    ProcessingRestriction,
    User,
)
from delivery.parcels.lifecycle import FINAL_STATUSES
from delivery.privacy import queries
from delivery.privacy.erasure import ERASED, erase_phone_numbers, erase_proofs, held_per_parcel
from delivery.privacy.export import person_archive

# on the person's own documents; the village and district stay, so the figures still add up
ERASED_DOCUMENT_FIELDS = ("holder_nik", "holder_name", "kk_number", "recipient_name")
ERASED_ADDRESS_FIELDS = ("recipient_phone", "street", "rt", "rw")


def record_view(parcel: Parcel, viewer: User, place: PersonalDataPlace) -> None:
    """Write down that `viewer` opened the parcel's personal data at `place`."""
    db.session.add(
        PersonalDataView(office_id=parcel.office_id, parcel=parcel, viewer=viewer, place=place)
    )
    db.session.commit()


def set_retention_days(office: Office, days: int, actor: User) -> None:
    before = office.retention_days
    office.retention_days = days
    record_change(
        "office.retention", office, actor=actor, before={"days": before}, after={"days": days}
    )
    db.session.commit()


def documents_or_404(office: Office, nik: str) -> list[Document]:
    documents = queries.person_documents(office, nik)
    if not documents:
        raise NotFound(_("This office holds no document of a person with this NIK."), field="nik")
    return documents


def named(documents: list[Document], parcels: list[Parcel]) -> dict:
    """How the audit trail names what a request concerned: ids and codes, never the NIK."""
    return {
        "documents": [document.id for document in documents],
        "parcels": [parcel.tracking_code for parcel in parcels],
    }


def export_person(office: Office, nik: str, actor: User) -> bytes:
    """Everything the office holds about the person, as a ZIP file; the export is audited."""
    documents = documents_or_404(office, nik)
    parcels = queries.parcels_of(documents)
    archive = person_archive(
        office,
        documents,
        parcels,
        queries.restricted_ids([document.id for document in documents]),
        queries.views_of_parcels([parcel.id for parcel in parcels]),
        utcnow(),
    )
    record_change("personal_data.exported", office, actor=actor, after=named(documents, parcels))
    db.session.commit()
    return archive


def restrict_person(office: Office, nik: str, actor: User) -> int:
    """Stop processing the person's documents (they are no longer packed or sent); return how
    many were newly restricted."""
    documents = documents_or_404(office, nik)
    already = queries.restricted_ids([document.id for document in documents])
    newly = [document for document in documents if document.id not in already]
    for document in newly:
        db.session.add(
            ProcessingRestriction(office_id=office.id, document=document, restricted_by_id=actor.id)
        )
    record_change("personal_data.restricted", office, actor=actor, after=named(newly, []))
    db.session.commit()
    return len(newly)


def lift_restriction(office: Office, nik: str, actor: User) -> int:
    """Let the person's documents be processed again; return how many were restricted."""
    documents = documents_or_404(office, nik)
    ids = sorted(queries.restricted_ids([document.id for document in documents]))
    db.session.execute(
        sa.delete(ProcessingRestriction).where(ProcessingRestriction.document_id.in_(ids))
    )
    record_change("personal_data.restriction_lifted", office, actor=actor, after={"documents": ids})
    db.session.commit()
    return len(ids)


@dataclass(frozen=True)
class Erasure:
    documents: int
    parcels: int


def refuse_while_on_the_way(documents: list[Document], parcels: list[Parcel]) -> None:
    """Erase nothing that is still to be delivered: restrict it instead, or finish it first."""
    waiting = [p.tracking_code for p in parcels if p.status not in FINAL_STATUSES]
    unpacked = [document.document_number for document in documents if document.parcel_id is None]
    if waiting or unpacked:
        raise Conflict(
            _(
                "Some of this person's documents are still to be delivered (%(which)s): "
                "restrict them now, and erase once their delivery has ended.",
                which=", ".join(waiting + unpacked),
            ),
            field="nik",
        )


def erase_person(office: Office, nik: str, actor: User) -> Erasure:
    """Erase the person's data: on their documents, their name, NIK, KK number and address;
    on the parcels that carried them, the proofs and phone numbers, and the recipient's name
    and address when the parcel carried only their documents. Audited with counts."""
    documents = documents_or_404(office, nik)
    parcels = queries.parcels_of(documents)
    refuse_while_on_the_way(documents, parcels)
    names = {document.holder_name for document in documents}
    own = [parcel for parcel in parcels if all(doc in documents for doc in parcel.documents)]
    shared_to_them = [p for p in parcels if p not in own and p.recipient_name in names]
    addressed = own + shared_to_them
    erased = erased_counts(documents, held_per_parcel([parcel.id for parcel in parcels]), addressed)
    audit = named(documents, parcels)
    erase_proofs([parcel.id for parcel in parcels])
    erase_phone_numbers([parcel.id for parcel in addressed])
    erase_visit_details([parcel.id for parcel in own])
    for parcel in addressed:
        parcel.recipient_name = ERASED
    for parcel in own:
        for name in ERASED_ADDRESS_FIELDS:
            setattr(parcel, name, ERASED)
    for document in documents:
        for name in ERASED_DOCUMENT_FIELDS + ERASED_ADDRESS_FIELDS:
            setattr(document, name, ERASED)
        document.application_ref = None
    record_change(
        "personal_data.erased",
        office,
        actor=actor,
        after={"reason": "request", **audit, "erased": erased},
    )
    db.session.commit()
    return Erasure(len(documents), len(parcels))


def erased_counts(
    documents: list[Document], held: dict[int, dict[str, int]], addressed: list[Parcel]
) -> dict[str, int]:
    """What an erasure on request takes away, counted before it does."""
    phones = {parcel.id for parcel in addressed}
    own_phones = [doc for doc in documents if doc.recipient_phone and doc.parcel_id not in phones]
    return {
        "documents": len(documents),
        "proof_photos": sum(counts["proof_photos"] for counts in held.values()),
        "signatures": sum(counts["signatures"] for counts in held.values()),
        "representative_letters": sum(counts["representative_letters"] for counts in held.values()),
        "phone_numbers": sum(held[parcel_id]["phone_numbers"] for parcel_id in phones)
        + len(own_phones),
    }


def erase_visit_details(parcel_ids: list[int]) -> None:
    """Erase who received the parcels at the door, what the courier noted, and where."""
    db.session.execute(
        sa.update(DeliveryAttempt)
        .where(DeliveryAttempt.parcel_id.in_(parcel_ids))
        .values(receiver_name=None, note=None, latitude=None, longitude=None)
        .execution_options(synchronize_session=False)
    )
