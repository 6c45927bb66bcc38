"""What the doorstep shows: the choices a courier has for a parcel, and one recorded visit."""

from dataclasses import dataclass

from flask_babel import gettext as _

from delivery.core.database import db
from delivery.core.errors import NotFound
from delivery.doorstep.operations import AT_THE_DOOR, allowed_relations, household_holders
from delivery.models import DeliveryAttempt, Parcel, ReceiverRelation, User
from delivery.parcels.queries import office_parcel_or_404
from delivery.rounds.operations import ASSIGNABLE, SENT_OUT_WHEN_ASSIGNED


@dataclass(frozen=True)
class DoorstepChoices:
    """What the courier may do with the parcel now, and who may receive it."""

    on_round: bool
    may_take: bool
    may_send_out: bool
    at_the_door: bool
    holders: list[str]
    relations: tuple[ReceiverRelation, ...]


def doorstep_choices(parcel: Parcel, courier: User) -> DoorstepChoices:
    return DoorstepChoices(
        on_round=parcel.courier_id == courier.id,
        may_take=parcel.status in ASSIGNABLE,
        may_send_out=parcel.status in SENT_OUT_WHEN_ASSIGNED,
        at_the_door=parcel.status in AT_THE_DOOR,
        holders=household_holders(parcel),
        relations=allowed_relations(parcel.office),
    )


def office_visit_or_404(office_id: int, tracking_code: str, visit_id: int) -> DeliveryAttempt:
    """A visit at the door of the office's parcel with this code."""
    parcel = office_parcel_or_404(office_id, tracking_code)
    visit = db.session.get(DeliveryAttempt, visit_id)
    if visit is None or visit.parcel_id != parcel.id:
        raise NotFound(_("This parcel has no visit with this id."), field="visit_id")
    return visit
