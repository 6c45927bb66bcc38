"""The fields of an office's profile and delivery rule, read and checked one by one.

Each reader returns clean values or raises `InvalidOffice` naming the field, so an office is
created or changed only from wholly valid input.
"""

import re
from collections.abc import Callable, Mapping

import phonenumbers
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.fields import InvalidField, check_postal_code, text_of
from delivery.models import ReceiverPolicy, VerificationMethod

OFFICE_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,15}")
PROFILE_FIELDS = (
    "name", "address", "village", "district", "regency", "province", "postal_code", "phone",
    "opening_hours",
)  # fmt: skip
REQUIRED_PROFILE_FIELDS = ("name", "regency", "province", "address", "postal_code", "phone")
RULE_NUMBERS = {  # field: (smallest, largest)
    "attempts_before_return": (1, 10),
    "counter_hold_days": (1, 90),
    "service_level_days": (1, 60),
}
RULE_SWITCHES = ("representative_with_letter", "takes_back_old_card")
LARGEST_FEE = 100_000


class InvalidOffice(DomainError):
    """A field of an office's profile or rule that cannot be accepted."""

    status = 422


def check_office_phone(value: str) -> str:
    """An Indonesian number, landline or mobile, written the international way."""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "ID"):
        raise InvalidField(_("Not an Indonesian phone number (e.g. 0725 529100)."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


PROFILE_CHECKS: dict[str, Callable[[str], str]] = {
    "name": text_of(200),
    "address": text_of(300),
    "village": text_of(100),
    "district": text_of(100),
    "regency": text_of(100),
    "province": text_of(100),
    "postal_code": check_postal_code,
    "phone": check_office_phone,
    "opening_hours": text_of(120),
}


def read_office_code(value: str | None) -> str:
    """An office's short code: 2 to 16 capital letters, digits or dashes."""
    code = (value or "").strip().upper()
    if not OFFICE_CODE.fullmatch(code):
        raise InvalidOffice(
            _("Use 2 to 16 capital letters, digits or dashes (e.g. LTG)."), field="code"
        )
    return code


def read_profile(values: Mapping[str, str | None]) -> dict[str, str]:
    """The office's name, address, phone and counter hours."""
    clean = {}
    for field, check in PROFILE_CHECKS.items():
        text = (values.get(field) or "").strip()
        if not text:
            if field in REQUIRED_PROFILE_FIELDS:
                raise InvalidOffice(_("This field is required."), field=field)
            clean[field] = ""
            continue
        try:
            clean[field] = check(text)
        except InvalidField as error:
            raise InvalidOffice(str(error), field=field) from None
    return clean


def read_rule(values: Mapping[str, str | None]) -> dict[str, object]:
    """Who may receive, how the courier checks them, attempts, days, the fee and the old card."""
    rule: dict[str, object] = {
        "receiver_policy": read_choice(values, "receiver_policy", ReceiverPolicy),
        "verification_method": read_choice(values, "verification_method", VerificationMethod),
    }
    for field, (smallest, largest) in RULE_NUMBERS.items():
        rule[field] = read_whole_number(values.get(field), field, smallest, largest)
    rule["delivery_fee"] = read_fee(values.get("delivery_fee"))
    for field in RULE_SWITCHES:
        rule[field] = (values.get(field) or "").strip().lower() in ("1", "on", "true", "yes")
    return rule


def read_choice(values: Mapping[str, str | None], field: str, choices) -> object:
    value = (values.get(field) or "").strip()
    if value not in {choice.value for choice in choices}:
        raise InvalidOffice(
            _("Choose one of: %(choices)s.", choices=", ".join(c.value for c in choices)),
            field=field,
        )
    return choices(value)


def read_whole_number(value: str | None, field: str, smallest: int, largest: int) -> int:
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or not smallest <= int(text) <= largest:
        raise InvalidOffice(
            _("Give a whole number from %(min)d to %(max)d.", min=smallest, max=largest),
            field=field,
        )
    return int(text)


def read_fee(value: str | None) -> int:
    """The fee in whole rupiah (dots or commas between thousands allowed); 0 or empty: none."""
    text = re.sub(r"^Rp\s*|[.,\s]", "", (value or "").strip(), flags=re.IGNORECASE)
    if not text:
        return 0
    return read_whole_number(text, "delivery_fee", 0, LARGEST_FEE)
