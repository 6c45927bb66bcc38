"""The address-quality check before dispatch: what would make a courier's visit fail.

An address without a house number or a landmark, a phone that cannot take messages, or a
postal code the region list gives another village are listed for staff to fix or confirm;
a parcel with such an address is not dispatched until they have.
"""

import re
from enum import StrEnum

import phonenumbers
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.models import Parcel, ParcelStatus, RequestKind, ResidentRequest
from delivery.regions.dataset import region_postal_code

HOUSE_NUMBER = re.compile(r"\d")
MESSAGE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


class AddressProblem(StrEnum):
    NO_HOUSE_NUMBER = "no_house_number"
    NO_REACHABLE_PHONE = "no_reachable_phone"
    POSTAL_CODE_OF_ANOTHER_VILLAGE = "postal_code_of_another_village"


PROBLEM_LABELS = {
    AddressProblem.NO_HOUSE_NUMBER: _l("No house number and no landmark"),
    AddressProblem.NO_REACHABLE_PHONE: _l("No phone number that can take messages"),
    AddressProblem.POSTAL_CODE_OF_ANOTHER_VILLAGE: _l(
        "The postal code is another village's in the region list"
    ),
}


def problem_label(problem: AddressProblem) -> str:
    return str(PROBLEM_LABELS[problem])


def takes_messages(phone: str) -> bool:
    """Tell whether a number is a mobile one, which can take text messages."""
    try:
        number = phonenumbers.parse(phone, "ID")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in MESSAGE_TYPES


def address_problems(parcel: Parcel, phone_confirmed: bool = False) -> list[AddressProblem]:
    """What is wrong with the parcel's address, confirmed or not."""
    problems = []
    if not (HOUSE_NUMBER.search(parcel.street) or parcel.landmark):
        problems.append(AddressProblem.NO_HOUSE_NUMBER)
    if not (phone_confirmed or takes_messages(parcel.recipient_phone)):
        problems.append(AddressProblem.NO_REACHABLE_PHONE)
    official = region_postal_code(parcel.region_code) if parcel.region_code else None
    if official and official != parcel.postal_code:
        problems.append(AddressProblem.POSTAL_CODE_OF_ANOTHER_VILLAGE)
    return problems


def phone_confirmed_parcels(parcel_ids: list[int]) -> set[int]:
    """The parcels whose resident confirmed or corrected the phone for messages."""
    return set(
        db.session.scalars(
            sa.select(ResidentRequest.parcel_id).where(
                ResidentRequest.parcel_id.in_(parcel_ids),
                ResidentRequest.kind == RequestKind.PHONE,
            )
        )
    )


def unchecked_problems(parcels: list[Parcel]) -> dict[Parcel, list[AddressProblem]]:
    """The parcels with address problems that staff have not confirmed, and their problems."""
    confirmed_phones = phone_confirmed_parcels([parcel.id for parcel in parcels])
    found = {}
    for parcel in parcels:
        if parcel.address_confirmed_at is None:
            problems = address_problems(parcel, parcel.id in confirmed_phones)
            if problems:
                found[parcel] = problems
    return found


def addresses_to_check(office_id: int) -> dict[Parcel, list[AddressProblem]]:
    """The office's parcels waiting for dispatch whose address staff must fix or confirm."""
    parcels = db.session.scalars(
        sa.select(Parcel)
        .where(
            Parcel.office_id == office_id,
            Parcel.status == ParcelStatus.READY,
            Parcel.batch_id.is_(None),
        )
        .order_by(Parcel.district, Parcel.village, Parcel.id)
    ).all()
    return unchecked_problems(list(parcels))


def refuse_unchecked_addresses(parcels: list[Parcel]) -> None:
    """Refuse to dispatch parcels whose address problems staff have not fixed or confirmed."""
    unchecked = unchecked_problems(parcels)
    if unchecked:
        parcel, problems = next(iter(unchecked.items()))
        raise Conflict(
            _(
                "Check the address of parcel %(code)s first (%(problems)s): fix it or confirm "
                "it on the address check page.",
                code=parcel.tracking_code,
                problems="; ".join(problem_label(problem) for problem in problems),
            ),
            field="parcels",
        )
