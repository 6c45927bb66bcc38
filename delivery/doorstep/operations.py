"""At the door: record a delivery with proof of receipt, or a failed attempt.

Each outcome is one tracking event (source courier, dedupe key from the phone's event id, the
phone's time) and one delivery attempt (unique by the phone's event id), so an outcome the
phone sends twice is recorded once. The parcel's row is locked while a visit is recorded, so
of two phones recording at once the second sees the first one's outcome: a parcel already
settled, or a failed attempt already recorded for the same visit, answers with a clear conflict.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _

from delivery.core.database import db
from delivery.core.errors import Conflict, NotAllowed
from delivery.doorstep.form import (
    InvalidVisit,
    Photo,
    Position,
    read_client_event_id,
    read_note,
    read_occurred_at,
    read_photo,
    read_position,
    read_reason,
    read_receiver_name,
    read_signature,
)
from delivery.doorstep.rule import RuleProof, allowed_relations, read_rule_proof
from delivery.doorstep.verification import verify_receiver
from delivery.models import (
    AttemptReason,
    DeliveryAttempt,
    EventSource,
    Parcel,
    ParcelStatus,
    ReceiverRelation,
    User,
)
from delivery.parcels.events import Report, record_event
from delivery.parcels.lifecycle import OPEN_FOR_A_DOOR_VISIT
from delivery.rounds.operations import send_out
from delivery.vocabulary import status_label

S = ParcelStatus
SAME_VISIT = timedelta(minutes=30)  # failed attempts closer than this are one visit


@dataclass(frozen=True)
class DoorVisit:
    """What every visit carries: the phone's event id and time, a note, a photo, a position."""

    client_event_id: str
    occurred_at: datetime
    note: str | None
    photo: Photo | None
    position: Position | None


@dataclass(frozen=True)
class Receipt:
    """Proof of a delivery: who took the parcel, how they are related to the holder, the code
    they gave, their signature, and what else the office's rule asks the courier to record."""

    receiver_name: str
    relation: ReceiverRelation
    code: str
    signature_png: bytes
    proof: RuleProof


@dataclass(frozen=True)
class VisitResult:
    attempt: DeliveryAttempt
    repeated: bool


def record_delivery(
    parcel: Parcel, courier: User, fields: Mapping[str, str], uploads: Mapping[str, bytes]
) -> VisitResult:
    """Record a handover with proof, after checking the receiver; a resent one counts once."""

    def deliver(client_event_id: str) -> DeliveryAttempt:
        visit = read_visit(client_event_id, fields, uploads, photo_required=True)
        receipt = read_receipt(fields, uploads, parcel)
        verified_by = verify_receiver(parcel, receipt.code, client_event_id, courier)
        attempt = save_outcome(parcel, courier, visit, receipt=receipt, verified_by=verified_by)
        parcel.one_time_code_hash = None
        return attempt

    return record_visit(parcel, courier, fields, deliver)


def record_failed_attempt(
    parcel: Parcel, courier: User, fields: Mapping[str, str], uploads: Mapping[str, bytes]
) -> VisitResult:
    """Record a visit that did not end in a handover, with its reason; a resent one counts once."""

    def fail(client_event_id: str) -> DeliveryAttempt:
        visit = read_visit(client_event_id, fields, uploads, photo_required=False)
        reason = read_reason(fields.get("reason"))
        check_visit_not_recorded(parcel, visit_moment(parcel, visit))
        return save_outcome(parcel, courier, visit, reason=reason)

    return record_visit(parcel, courier, fields, fail)


def record_visit(
    parcel: Parcel,
    courier: User,
    fields: Mapping[str, str],
    record: Callable[[str], DeliveryAttempt],
) -> VisitResult:
    """Record one visit by the phone's event id, once: a visit the phone sends again answers
    with what was recorded the first time."""
    client_event_id = read_client_event_id(fields.get("client_event_id"))
    earlier = start_visit(parcel, courier, client_event_id)
    if earlier:
        return VisitResult(earlier, repeated=True)
    attempt = record(client_event_id)
    db.session.commit()
    return VisitResult(attempt, repeated=False)


def start_visit(parcel: Parcel, courier: User, client_event_id: str) -> DeliveryAttempt | None:
    """Lock the parcel; return the attempt if the phone sent this event before, else check."""
    db.session.refresh(parcel, with_for_update=True)
    earlier = db.session.scalar(
        sa.select(DeliveryAttempt).filter_by(client_event_id=client_event_id)
    )
    if earlier is not None and earlier.parcel_id != parcel.id:
        raise Conflict(
            _("This record was already used for another parcel."), field="client_event_id"
        )
    if earlier is None:
        check_open_for_visit(parcel, courier)
    return earlier


def check_open_for_visit(parcel: Parcel, courier: User) -> None:
    """Refuse a parcel that is not on the courier's round, or not at the door any more."""
    if parcel.courier_id != courier.id:
        raise NotAllowed(_("This parcel is not on your round."), field="tracking_code")
    if parcel.status not in OPEN_FOR_A_DOOR_VISIT:
        raise already_settled(parcel)


def already_settled(parcel: Parcel) -> Conflict:
    """The refusal of a change that someone else (or an earlier tap) has already made."""
    return Conflict(
        _(
            "Parcel %(code)s is already “%(status)s” (since %(when)s). Nothing was recorded.",
            code=parcel.tracking_code,
            status=status_label(parcel.status),
            when=format_datetime(parcel.status_changed_at, "short"),
        ),
        field="tracking_code",
    )


def check_visit_not_recorded(parcel: Parcel, moment: datetime) -> None:
    """Refuse a failed attempt moments from one already recorded: the same visit, from a
    second phone (each phone gives its record an id of its own)."""
    earlier = db.session.scalar(
        sa.select(DeliveryAttempt.occurred_at).where(
            DeliveryAttempt.parcel_id == parcel.id,
            DeliveryAttempt.delivered.is_(False),
            DeliveryAttempt.occurred_at.between(moment - SAME_VISIT, moment + SAME_VISIT),
        )
    )
    if earlier is not None:
        raise Conflict(
            _(
                "A failed attempt at %(code)s was already recorded at %(when)s. "
                "Nothing was recorded.",
                code=parcel.tracking_code,
                when=format_datetime(earlier, "short"),
            ),
            field="tracking_code",
        )


def visit_moment(parcel: Parcel, visit: DoorVisit) -> datetime:
    """When the visit happened: the phone's time, or the parcel's last move if the phone's
    clock is behind it."""
    return max(visit.occurred_at, parcel.status_changed_at)


def read_visit(
    client_event_id: str,
    fields: Mapping[str, str],
    uploads: Mapping[str, bytes],
    *,
    photo_required: bool,
) -> DoorVisit:
    return DoorVisit(
        client_event_id=client_event_id,
        occurred_at=read_occurred_at(fields.get("occurred_at")),
        note=read_note(fields.get("note")),
        photo=read_photo(uploads.get("photo"), required=photo_required),
        position=read_position(
            fields.get("latitude"), fields.get("longitude"), fields.get("accuracy")
        ),
    )


def read_receipt(
    fields: Mapping[str, str], uploads: Mapping[str, bytes], parcel: Parcel
) -> Receipt:
    """Read who received the parcel, refusing a relation the office's rule does not allow."""
    name = read_receiver_name(fields.get("receiver_name"))
    allowed = allowed_relations(parcel.office)
    if fields.get("relation") not in {relation.value for relation in allowed}:
        raise InvalidVisit(_("The office's rule does not allow this receiver."), field="relation")
    relation = ReceiverRelation(fields["relation"])
    return Receipt(
        receiver_name=name,
        relation=relation,
        code=fields.get("code", ""),
        signature_png=read_signature(uploads.get("signature")),
        proof=read_rule_proof(parcel, relation, fields, uploads),
    )


def save_outcome(
    parcel: Parcel,
    courier: User,
    visit: DoorVisit,
    *,
    receipt: Receipt | None = None,
    verified_by: str | None = None,
    reason: AttemptReason | None = None,
) -> DeliveryAttempt:
    """Write the attempt and its event; a phone clock behind the parcel's last move is raised."""
    moment = visit_moment(parcel, visit)
    if parcel.status != S.OUT_FOR_DELIVERY:
        send_out(
            parcel, courier, EventSource.COURIER, moment, f"courier:{visit.client_event_id}:out"
        )
    attempt = DeliveryAttempt(
        parcel=parcel,
        courier=courier,
        client_event_id=visit.client_event_id,
        delivered=receipt is not None,
        reason=reason,
        receiver_name=receipt.receiver_name if receipt else None,
        receiver_relation=receipt.relation if receipt else None,
        verified_by=verified_by,
        photo=visit.photo.content if visit.photo else None,
        photo_content_type=visit.photo.content_type if visit.photo else None,
        signature_png=receipt.signature_png if receipt else None,
        **(proof_columns(receipt.proof) if receipt else {}),
        latitude=visit.position.latitude if visit.position else None,
        longitude=visit.position.longitude if visit.position else None,
        position_accuracy_m=visit.position.accuracy_m if visit.position else None,
        note=visit.note,
        occurred_at=moment,
    )
    db.session.add(attempt)
    record_event(
        parcel,
        Report(
            status=S.DELIVERED if receipt else S.ATTEMPT_FAILED,
            occurred_at=moment,
            source=EventSource.COURIER,
            dedupe_key=f"courier:{visit.client_event_id}",
            reason=reason,
            note=visit.note,
            actor=courier,
        ),
    )
    return attempt


def proof_columns(proof: RuleProof) -> dict:
    """The attempt's columns for what the office's rule asked the courier to record."""
    letter = proof.letter_photo
    return {
        "letter_photo": letter.content if letter else None,
        "letter_photo_content_type": letter.content_type if letter else None,
        "fee_received": proof.fee_received,
        "old_card_taken_back": proof.old_card_taken_back,
    }
