"""What staff do with parcels that come back: receive them, hand them over, or send again."""

import uuid
from hmac import compare_digest

from flask_babel import gettext as _

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError
from delivery.doorstep.operations import already_settled
from delivery.intake.fields import InvalidField, check_person_name
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
from delivery.parcels.lifecycle import DECISIONS_ON_AN_EXCEPTION, check_move
from delivery.returns.queries import CHECKED_AT_COUNTER


def move_by_staff(
    parcel: Parcel,
    status: ParcelStatus,
    actor: User | None,
    note: str | None = None,
    reason: AttemptReason | None = None,
) -> None:
    """Apply a staff decision now, refusing one the lifecycle does not allow.

    The parcel's row is locked and read again first, so of two staff acting on it at once the
    second sees the first one's change and is refused."""
    db.session.refresh(parcel, with_for_update=True)
    if parcel.status == status:
        raise already_settled(parcel)
    check_move(parcel, status)
    record_event(
        parcel,
        Report(
            status=status,
            occurred_at=max(utcnow(), parcel.status_changed_at),
            source=EventSource.STAFF,
            dedupe_key=f"staff:{uuid.uuid4()}",
            actor=actor,
            note=note,
            reason=reason,
        ),
    )


def receive_back(parcel: Parcel, actor: User | None) -> None:
    """Record that a returning parcel is back at the office."""
    move_by_staff(parcel, ParcelStatus.RETURNED, actor)
    db.session.commit()


def record_collection(
    parcel: Parcel, receiver_name: str, id_shown: str, id_last_digits: str, actor: User | None
) -> None:
    """Hand a returned parcel over at the counter, noting who took it and the ID they showed."""
    try:
        name = check_person_name(receiver_name.strip())
    except InvalidField as error:
        raise DomainError(str(error), field="receiver_name") from None
    if not id_shown.strip() or len(id_shown) > 60:
        raise DomainError(_("Say which ID the receiver showed."), field="id_shown")
    if not (id_last_digits.isdigit() and len(id_last_digits) == 4):
        raise DomainError(_("Give the last 4 digits of the ID's number."), field="id_last_digits")
    if not holds_a_document(parcel, id_last_digits):
        raise DomainError(
            _("These digits are not the end of the NIK of anyone whose document is in the parcel."),
            field="id_last_digits",
        )
    move_by_staff(parcel, ParcelStatus.COLLECTED, actor, note=f"{id_shown.strip()} …")
    db.session.add(
        DeliveryAttempt(
            parcel=parcel,
            courier=None,
            client_event_id=f"counter:{uuid.uuid4()}",
            delivered=True,
            receiver_name=name,
            receiver_relation=ReceiverRelation.HOLDER,
            verified_by=CHECKED_AT_COUNTER,
            note=f"{id_shown.strip()} …{id_last_digits}",
            occurred_at=utcnow(),
        )
    )
    db.session.commit()


def holds_a_document(parcel: Parcel, nik_end: str) -> bool:
    """Tell whether a holder of one of the parcel's documents has a NIK ending in these digits."""
    return any(compare_digest(document.holder_nik[-4:], nik_end) for document in parcel.documents)


def send_again(parcel: Parcel, actor: User | None) -> None:
    """Make a returned parcel ready to be dispatched once more."""
    move_by_staff(parcel, ParcelStatus.READY, actor)
    parcel.batch_id = None
    db.session.commit()


def resolve_exception(parcel: Parcel, decision: str, actor: User | None) -> None:
    """Decide what happens to a lost, damaged or held parcel."""
    if parcel.status != ParcelStatus.EXCEPTION or decision not in DECISIONS_ON_AN_EXCEPTION:
        raise Conflict(
            _("Choose returning, in transit or cancelled for a parcel that needs attention."),
            field="decision",
        )
    move_by_staff(parcel, ParcelStatus(decision), actor)
    db.session.commit()


def receive_all_back(parcels: list[Parcel], actor: User | None) -> None:
    """Record that returning parcels are back at the office: all of them, or none if one is not
    returning (the refusal names it)."""
    for parcel in parcels:
        if parcel.status != ParcelStatus.RETURNING:
            db.session.rollback()
            raise Conflict(
                _(
                    "Parcel %(code)s is not on its way back (it is %(status)s); nothing was "
                    "received.",
                    code=parcel.tracking_code,
                    status=parcel.status.value,
                ),
                field="parcels",
            )
        move_by_staff(parcel, ParcelStatus.RETURNED, actor)
    db.session.commit()
