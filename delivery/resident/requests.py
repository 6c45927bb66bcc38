"""Residents help their parcel home: directions, the phone for messages, where to collect it,
a representative, the day of the next try.

Only while the parcel is not yet out for delivery, or after a failed attempt; one change of
each kind a day. Each change is audited, shown to staff and the courier, and told to the
carrier when it holds the parcel. Choosing the office's counter keeps a parcel at the office
(dispatch leaves it out) or recalls it from the carrier.
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError
from delivery.instructions.kinds import RECALL
from delivery.instructions.operations import instruct_carrier
from delivery.intake.fields import InvalidField, check_person_name, check_phone, text_of
from delivery.models import (
    CollectionPlace,
    Office,
    Parcel,
    ParcelStatus,
    ReceiverPolicy,
    RequestKind,
    ResidentRequest,
)
from delivery.resident.view import local_date, today
from postal_client import InstructionKind

S = ParcelStatus
OPEN_TO_CHANGES = frozenset({S.READY, S.SUBMITTED, S.IN_TRANSIT, S.ATTEMPT_FAILED})
NEXT_TRY_WITHIN_DAYS = 7
read_directions = text_of(200)


class TooManyChanges(DomainError):
    status = 429
    code = "too_many_changes"


def may_change(parcel: Parcel) -> bool:
    """Tell whether residents may still change how the parcel reaches them."""
    return parcel.status in OPEN_TO_CHANGES and not parcel.locked_at


def representative_allowed(office: Office) -> bool:
    """Whether the office's rule lets a representative receive with the holder's signed letter."""
    return office.representative_with_letter


def collection_places(office: Office) -> list[CollectionPlace]:
    """Where the resident may take the parcel: home, the counter, the village office (if the
    office's rule lets the village office receive)."""
    places = [CollectionPlace.HOME, CollectionPlace.OFFICE_COUNTER]
    if office.receiver_policy == ReceiverPolicy.VILLAGE_OFFICE:
        places.append(CollectionPlace.VILLAGE_OFFICE)
    return places


def open_kinds(parcel: Parcel) -> list[RequestKind]:
    """The kinds of help the resident may give for the parcel now."""
    if not may_change(parcel):
        return []
    kinds = [RequestKind.DIRECTIONS, RequestKind.PHONE, RequestKind.COLLECTION]
    if representative_allowed(parcel.office):
        kinds.append(RequestKind.REPRESENTATIVE)
    if parcel.status == S.ATTEMPT_FAILED:
        kinds.append(RequestKind.NEXT_TRY_DAY)
    return kinds


def current_choices(parcel_id: int) -> dict[RequestKind, ResidentRequest]:
    """The latest request of each kind the resident made for the parcel."""
    requests = db.session.scalars(
        sa.select(ResidentRequest)
        .where(ResidentRequest.parcel_id == parcel_id)
        .order_by(ResidentRequest.id)
    )
    return {request.kind: request for request in requests}


def collection_choice(parcel_id: int) -> CollectionPlace:
    chosen = current_choices(parcel_id).get(RequestKind.COLLECTION)
    return CollectionPlace(chosen.details["place"]) if chosen else CollectionPlace.HOME


def held_for_counter(parcel_ids: list[int]) -> set[int]:
    """The parcels whose resident chose, last, to collect them at the office's counter."""
    latest: dict[int, str] = {}
    for parcel_id, details in db.session.execute(
        sa.select(ResidentRequest.parcel_id, ResidentRequest.details)
        .where(
            ResidentRequest.parcel_id.in_(parcel_ids),
            ResidentRequest.kind == RequestKind.COLLECTION,
        )
        .order_by(ResidentRequest.id)
    ):
        latest[parcel_id] = details["place"]
    return {
        parcel_id for parcel_id, place in latest.items() if place == CollectionPlace.OFFICE_COUNTER
    }


def refuse_held_for_counter(parcels: list[Parcel]) -> None:
    """Leave parcels out of dispatch that their resident collects at the counter."""
    held = held_for_counter([parcel.id for parcel in parcels])
    for parcel in parcels:
        if parcel.id in held:
            raise Conflict(
                _(
                    "Parcel %(code)s stays at the office: the resident collects it at the counter.",
                    code=parcel.tracking_code,
                ),
                field="parcels",
            )


def next_try_days() -> list[date]:
    """The days a resident may ask the courier to come again on."""
    first = today() + timedelta(days=1)
    return [first + timedelta(days=offset) for offset in range(NEXT_TRY_WITHIN_DAYS)]


def record_request(parcel: Parcel, kind: str, form) -> ResidentRequest:
    """Check and apply one change a resident asks for; audited, and told to the carrier."""
    db.session.refresh(parcel, with_for_update=True)
    request_kind = checked_kind(parcel, kind)
    check_once_a_day(parcel, request_kind)
    details = APPLY[request_kind](parcel, form)
    request = ResidentRequest(parcel=parcel, kind=request_kind, details=details, made_at=utcnow())
    db.session.add(request)
    record_change(
        f"resident.{request_kind.value}",
        parcel,
        after=audit_details(request_kind, details),
        actor_label="resident",
    )
    db.session.commit()
    return request


def checked_kind(parcel: Parcel, kind: str) -> RequestKind:
    if not may_change(parcel):
        raise Conflict(
            _("This parcel can no longer be changed here. Call the office for help."),
            field="kind",
        )
    try:
        request_kind = RequestKind(kind)
    except ValueError:
        request_kind = None
    if request_kind not in open_kinds(parcel):
        raise DomainError(_("This choice is not open for this parcel."), field="kind")
    return request_kind


def check_once_a_day(parcel: Parcel, kind: RequestKind) -> None:
    """Allow one change of each kind a day (by the office's calendar)."""
    latest = db.session.scalar(
        sa.select(sa.func.max(ResidentRequest.made_at)).where(
            ResidentRequest.parcel_id == parcel.id, ResidentRequest.kind == kind
        )
    )
    if latest is not None and local_date(latest) == today():
        raise TooManyChanges(
            _("You already changed this today. Try again tomorrow, or call the office."),
            field=kind.value,
        )


def field_value(form, name: str, check):
    """Read and check one field of the form, naming it when it is wrong."""
    try:
        return check(str(form.get(name, "")).strip())
    except InvalidField as error:
        raise DomainError(str(error), field=name) from None


def required(check):
    def read(value: str):
        if not value:
            raise InvalidField(_("This field is required."))
        return check(value)

    return read


def apply_directions(parcel: Parcel, form) -> dict:
    directions = field_value(form, "directions", required(read_directions))
    parcel.landmark = directions
    instruct_carrier(parcel, InstructionKind.DELIVERY_NOTE.value, note=directions)
    return {"directions": directions}


def apply_phone(parcel: Parcel, form) -> dict:
    """The resident types the number for messages: the same one confirms it, another corrects
    it. The stored number is never shown, so nothing more is revealed than the lookup does."""
    phone = field_value(form, "phone", required(check_phone))
    if phone == parcel.recipient_phone:
        return {"confirmed": True}
    parcel.recipient_phone = phone
    instruct_carrier(parcel, InstructionKind.RECIPIENT_PHONE.value, phone=phone)
    return {"corrected": True, "phone": phone}


def apply_collection(parcel: Parcel, form) -> dict:
    place = field_value(form, "place", read_place(parcel))
    chosen = collection_choice(parcel.id)
    if place == chosen:
        raise DomainError(_("This is already your choice."), field="place")
    if chosen == CollectionPlace.OFFICE_COUNTER and parcel.status != S.READY:
        raise Conflict(
            _("The parcel is on its way back to the office. Call the office to change this."),
            field="place",
        )
    if place == CollectionPlace.OFFICE_COUNTER:
        instruct_carrier(parcel, RECALL)
    elif place == CollectionPlace.VILLAGE_OFFICE:
        instruct_carrier(
            parcel,
            InstructionKind.DELIVER_TO_VILLAGE_OFFICE.value,
            address=village_office_address(parcel),
        )
    elif chosen == CollectionPlace.VILLAGE_OFFICE:
        instruct_carrier(
            parcel, InstructionKind.ADDRESS_CORRECTION.value, address=home_address(parcel)
        )
    return {"place": place.value}


def read_place(parcel: Parcel):
    def read(value: str) -> CollectionPlace:
        places = {place.value: place for place in collection_places(parcel.office)}
        if value not in places:
            raise InvalidField(_("Choose one of the places offered."))
        return places[value]

    return read


def village_office_address(parcel: Parcel) -> dict:
    return address_details(parcel, [_("Village office of %(village)s", village=parcel.village)])


def home_address(parcel: Parcel) -> dict:
    return address_details(parcel, [parcel.street, f"RT {parcel.rt} / RW {parcel.rw}"])


def address_details(parcel: Parcel, lines: list[str]) -> dict:
    return {
        "lines": lines,
        "village": parcel.village,
        "district": parcel.district,
        "regency": parcel.regency,
        "province": parcel.province,
        "postal_code": parcel.postal_code,
    }


def apply_representative(parcel: Parcel, form) -> dict:
    name = field_value(form, "representative", required(check_person_name))
    instruct_carrier(parcel, InstructionKind.AUTHORIZED_RECEIVER.value, receiver_name=name)
    return {"name": name}


def apply_next_try_day(parcel: Parcel, form) -> dict:
    day = field_value(form, "day", required(read_next_try_day))
    instruct_carrier(parcel, InstructionKind.DELIVERY_DATE.value, delivery_date=day.isoformat())
    return {"day": day.isoformat()}


def read_next_try_day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day not in next_try_days():
        raise InvalidField(_("Choose one of the days offered."))
    return day


def audit_details(kind: RequestKind, details: dict) -> dict:
    """What the audit trail keeps: a corrected phone only by its last digits."""
    if kind == RequestKind.PHONE and "phone" in details:
        return details | {"phone": "…" + details["phone"][-4:]}
    return details


APPLY = {
    RequestKind.DIRECTIONS: apply_directions,
    RequestKind.PHONE: apply_phone,
    RequestKind.COLLECTION: apply_collection,
    RequestKind.REPRESENTATIVE: apply_representative,
    RequestKind.NEXT_TRY_DAY: apply_next_try_day,
}
