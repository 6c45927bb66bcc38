"""Staff fix or confirm a parcel's address: checked against the region list, audited; the
label follows (it is printed from the parcel), and the carrier hears of it if it holds it."""

from collections.abc import Mapping

from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError
from delivery.instructions.operations import instruct_carrier
from delivery.intake.fields import FIELD_CHECKS, InvalidField, text_of
from delivery.models import Parcel, ParcelStatus, User
from delivery.regions.checks import check_address, office_regency
from postal_client import InstructionKind

EDITABLE = ("street", "rt", "rw", "village", "district", "postal_code", "recipient_phone")
EDITABLE_WHILE = frozenset(
    {
        ParcelStatus.READY,
        ParcelStatus.SUBMITTED,
        ParcelStatus.IN_TRANSIT,
        ParcelStatus.ATTEMPT_FAILED,
    }
)
read_landmark = text_of(200)


class InvalidAddress(DomainError):
    status = 422


def edit_address(parcel: Parcel, form: Mapping[str, str], actor: User) -> None:
    """Change the parcel's address and phone as staff typed them; refuse a wrong field."""
    if parcel.status not in EDITABLE_WHILE:
        raise Conflict(_("This parcel's address can no longer be changed."), field="street")
    values = read_fields(form)
    address = check_address(
        values | {"regency": parcel.regency, "province": parcel.province},
        office_regency(parcel.office),
    )
    if address.errors:
        error = address.errors[0]
        raise InvalidAddress(error.full_message, field=error.field)
    new = values | {"region_code": address.values["region_code"]}
    new |= {name: address.values[name] for name in ("village", "district")}
    new["landmark"] = read_landmark(str(form.get("landmark", "")).strip()) or None
    before = {name: getattr(parcel, name) for name in new}
    changed = {name: value for name, value in new.items() if before[name] != value}
    if not changed:
        raise DomainError(_("Nothing was changed."), field="street")
    for name, value in changed.items():
        setattr(parcel, name, value)
    parcel.address_confirmed_at = None
    record_change(
        "parcel.address_edit",
        parcel,
        actor=actor,
        before={name: before[name] for name in changed},
        after=changed,
    )
    tell_the_carrier(parcel, set(changed))
    db.session.commit()


def read_fields(form: Mapping[str, str]) -> dict[str, str]:
    """Check each editable field as intake does, naming the first wrong one."""
    values = {}
    for name in EDITABLE:
        text = str(form.get(name, "")).strip()
        try:
            if not text:
                raise InvalidField(_("This field is required."))
            values[name] = FIELD_CHECKS[name](text)
        except InvalidField as error:
            raise InvalidAddress(str(error), field=name) from None
    return values


def tell_the_carrier(parcel: Parcel, changed: set[str]) -> None:
    """Send the carrier the corrected address or phone, if it holds the parcel."""
    if "recipient_phone" in changed:
        instruct_carrier(
            parcel, InstructionKind.RECIPIENT_PHONE.value, phone=parcel.recipient_phone
        )
    if not changed - {"recipient_phone"}:
        return
    address = {
        "lines": [line for line in (parcel.street, parcel.landmark) if line]
        + [f"RT {parcel.rt} / RW {parcel.rw}"],
        "village": parcel.village,
        "district": parcel.district,
        "regency": parcel.regency,
        "province": parcel.province,
        "postal_code": parcel.postal_code,
    }
    instruct_carrier(parcel, InstructionKind.ADDRESS_CORRECTION.value, address=address)


def confirm_address(parcel: Parcel, actor: User) -> None:
    """Staff checked the address as it is (they called the resident, know the place…)."""
    if parcel.address_confirmed_at is not None:
        raise Conflict(_("This address is confirmed already."), field="parcel")
    parcel.address_confirmed_at = utcnow()
    record_change("parcel.address_confirm", parcel, actor=actor, after={"confirmed": True})
    db.session.commit()
