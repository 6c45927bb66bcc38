"""What a courier finds at the door: their parcel by code or label, its holders, what they
may do with it now, and the visits recorded at its door."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.database import db
from delivery.core.errors import NotFound
from delivery.doorstep.rule import allowed_relations, takes_back_old_card
from delivery.models import DeliveryAttempt, Parcel, ReceiverRelation, User
from delivery.parcels.codes import normalize_tracking_code
from delivery.parcels.lifecycle import (
    ON_THE_WAY,
    OPEN_FOR_A_DOOR_VISIT,
    SENT_OUT_WHEN_PUT_ON_A_ROUND,
)
from delivery.parcels.queries import office_parcel_or_404


def parcel_for_courier(
    courier: User, *, tracking_code: str | None = None, qr_token: str | None = None
) -> Parcel | None:
    """A parcel of the courier's office that is on their round or on nobody's."""
    query = sa.select(Parcel).where(
        Parcel.office_id == courier.office_id,
        sa.or_(Parcel.courier_id == courier.id, Parcel.courier_id.is_(None)),
    )
    if tracking_code is not None:
        query = query.where(Parcel.tracking_code == normalize_tracking_code(tracking_code))
    else:
        query = query.where(Parcel.qr_token == (qr_token or ""))
    return db.session.scalar(query)


def household_holders(parcel: Parcel) -> list[str]:
    """The names of the people whose documents are in the parcel, each once."""
    return list(dict.fromkeys(document.holder_name for document in parcel.documents))


@dataclass(frozen=True)
class DoorstepChoices:
    """What the courier may do with the parcel now, and who may receive it."""

    on_round: bool
    may_take: bool
    may_send_out: bool
    at_the_door: bool
    holders: list[str]
    relations: tuple[ReceiverRelation, ...]
    takes_back_old_card: bool


def doorstep_choices(parcel: Parcel, courier: User) -> DoorstepChoices:
    return DoorstepChoices(
        on_round=parcel.courier_id == courier.id,
        may_take=parcel.status in ON_THE_WAY,
        may_send_out=parcel.status in SENT_OUT_WHEN_PUT_ON_A_ROUND,
        at_the_door=parcel.status in OPEN_FOR_A_DOOR_VISIT,
        holders=household_holders(parcel),
        relations=allowed_relations(parcel.office),
        takes_back_old_card=takes_back_old_card(parcel),
    )


def door_visits(parcel: Parcel) -> list[DeliveryAttempt]:
    """The couriers' visits at the parcel's door, latest first."""
    return list(
        db.session.scalars(
            sa.select(DeliveryAttempt)
            .where(DeliveryAttempt.parcel_id == parcel.id, DeliveryAttempt.courier_id.is_not(None))
            .order_by(DeliveryAttempt.occurred_at.desc(), DeliveryAttempt.id.desc())
        )
    )


def office_visit_or_404(office_id: int, tracking_code: str, visit_id: int) -> DeliveryAttempt:
    """A visit at the door of the office's parcel with this code."""
    parcel = office_parcel_or_404(office_id, tracking_code)
    visit = db.session.get(DeliveryAttempt, visit_id)
    if visit is None or visit.parcel_id != parcel.id:
        raise NotFound(_("This parcel has no visit with this id."), field="visit_id")
    return visit
