"""What the office's delivery rule asks of a handover at the door, beyond the receiver's code:
who may receive (a representative shows a signed letter, photographed), the delivery fee the
courier collects, and the old ID card taken back."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from delivery.doorstep.form import InvalidVisit, Photo, photo_of
from delivery.models import DocumentType, Office, Parcel, ReceiverPolicy, ReceiverRelation

R = ReceiverRelation
RELATIONS_BY_POLICY = {
    ReceiverPolicy.HOLDER_ONLY: (R.HOLDER,),
    ReceiverPolicy.HOUSEHOLD: (R.HOLDER, R.HOUSEHOLD_MEMBER),
    ReceiverPolicy.VILLAGE_OFFICE: (R.HOLDER, R.HOUSEHOLD_MEMBER, R.VILLAGE_OFFICE),
}
LARGEST_PAYMENT = 1_000_000  # rupiah: far above any fee, below any typing slip's reach
TICKED = ("1", "on", "true", "yes")


@dataclass(frozen=True)
class RuleProof:
    """What the courier recorded because the office's rule asks for it (None: not asked)."""

    letter_photo: Photo | None = None
    fee_received: int | None = None
    old_card_taken_back: bool | None = None


def allowed_relations(office: Office) -> tuple[ReceiverRelation, ...]:
    """Who may receive a parcel under the office's rule."""
    relations = RELATIONS_BY_POLICY[office.receiver_policy]
    return relations + (R.REPRESENTATIVE,) if office.representative_with_letter else relations


def holds_an_id_card(parcel: Parcel) -> bool:
    """Tell whether a new KTP-el is in the parcel, so an old card may have to come back."""
    return any(document.document_type == DocumentType.KTP_EL for document in parcel.documents)


def takes_back_old_card(parcel: Parcel) -> bool:
    return parcel.office.takes_back_old_card and holds_an_id_card(parcel)


def read_rule_proof(
    parcel: Parcel,
    relation: ReceiverRelation,
    fields: Mapping[str, str],
    uploads: Mapping[str, bytes],
) -> RuleProof:
    """Read what the rule asks the courier to record, refusing a handover that lacks it."""
    return RuleProof(
        letter_photo=read_letter_photo(uploads.get("letter_photo"))
        if relation == R.REPRESENTATIVE
        else None,
        fee_received=read_fee_received(fields.get("fee_received"))
        if parcel.office.delivery_fee
        else None,
        old_card_taken_back=read_old_card(fields.get("old_card_taken_back"))
        if takes_back_old_card(parcel)
        else None,
    )


def read_letter_photo(data: bytes | None) -> Photo:
    if not data:
        raise InvalidVisit(
            _("Take a photo of the representative's signed letter."), field="letter_photo"
        )
    return photo_of(data, "letter_photo")


def read_fee_received(value: str | None) -> int:
    """The amount the receiver paid, in whole rupiah (dots between thousands allowed)."""
    text = (value or "").strip().removeprefix("Rp").replace(".", "").replace(",", "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_PAYMENT:
        raise InvalidVisit(
            _("Type the amount received, in rupiah (0 if nothing was paid)."),
            field="fee_received",
        )
    return int(text)


def read_old_card(value: str | None) -> bool:
    if (value or "").strip().lower() not in TICKED:
        raise InvalidVisit(
            _("Take back the old ID card before handing over the new one, and tick it."),
            field="old_card_taken_back",
        )
    return True
