"""The fields of an incoming document, and the checks each must pass."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import phonenumbers
from flask_babel import gettext as _
from stdnum.exceptions import ValidationError
from stdnum.id import nik

from delivery.models import DocumentType
from delivery.regions.dataset import is_official_region

CSV_COLUMNS = (
    "document_type", "document_number", "holder_nik", "holder_name", "kk_number",
    "recipient_name", "recipient_phone", "street", "rt", "rw", "village", "district",
    "regency", "province", "postal_code", "application_ref",
)  # fmt: skip
DOCUMENT_TYPES = {member.value for member in DocumentType}
DOCUMENT_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,39}")
NEIGHBOURHOOD_NUMBER = re.compile(r"[0-9]{1,3}")
POSTAL_CODE = re.compile(r"[0-9]{5}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field of one row (row is None outside a file)."""

    field: str
    message: str
    row: int | None = None
    suggestions: tuple[str, ...] = ()  # the closest real values, best first

    @property
    def full_message(self) -> str:
        """The message with the suggestions, for pages and files ("… Did you mean X?")."""
        if not self.suggestions:
            return self.message
        return f"{self.message} {_('Did you mean %(names)s?', names=', '.join(self.suggestions))}"

    def as_dict(self) -> dict:
        found = {"row": self.row, "field": self.field, "message": self.message}
        return found | ({"suggestions": list(self.suggestions)} if self.suggestions else {})


class InvalidField(ValueError):
    """Raised by a field check with the message to show."""


def check_document_type(value: str) -> str:
    if value not in DOCUMENT_TYPES:
        raise InvalidField(
            _(
                "Unknown document type; use one of: %(types)s.",
                types=", ".join(sorted(DOCUMENT_TYPES)),
            )
        )
    return value


def check_document_number(value: str) -> str:
    if not DOCUMENT_NUMBER.fullmatch(value):
        raise InvalidField(_("Use up to 40 letters, digits, dots, slashes or dashes."))
    return value


def check_population_number(value: str) -> str:
    """Check a NIK or KK number: 16 digits, a real date (+40 for women), and a district in the
    ministry's region list. The district need not be the address's: people move."""
    number = nik.compact(value)
    if len(number) != 16 or not (number.isascii() and number.isdigit()):
        raise InvalidField(_("Must be exactly 16 digits."))
    try:
        nik.get_birth_date(number)
    except ValidationError:
        raise InvalidField(_("The date in digits 7 to 12 is not a real date.")) from None
    if not is_official_region(number):
        raise InvalidField(
            _("The first six digits are not a province, regency and district in the region list.")
        )
    return number


def check_person_name(value: str) -> str:
    if len(value) < 2 or len(value) > 120:
        raise InvalidField(_("Give a name of 2 to 120 characters."))
    if CONTROL_CHARACTERS.search(value) or not any(char.isalpha() for char in value):
        raise InvalidField(_("A name must contain letters and no control characters."))
    return " ".join(value.split())


def check_phone(value: str) -> str:
    """Normalize an Indonesian phone number to +62…, refusing anything else."""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "ID"):
        raise InvalidField(_("Not an Indonesian phone number (e.g. 0812 3456 7890)."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_neighbourhood_number(value: str) -> str:
    if not NEIGHBOURHOOD_NUMBER.fullmatch(value):
        raise InvalidField(_("Use a number of up to 3 digits."))
    return value.zfill(3)


def check_postal_code(value: str) -> str:
    if not POSTAL_CODE.fullmatch(value):
        raise InvalidField(_("A postal code has exactly 5 digits."))
    return value


def text_of(max_length: int) -> Callable[[str], str]:
    """Make a check for free text of at most max_length characters on one line."""

    def check_text(value: str) -> str:
        if len(value) > max_length or CONTROL_CHARACTERS.search(value):
            raise InvalidField(_("Use at most %(count)d characters on one line.", count=max_length))
        return " ".join(value.split())

    return check_text


FIELD_CHECKS: dict[str, Callable[[str], str]] = {
    "document_type": check_document_type,
    "document_number": check_document_number,
    "holder_nik": check_population_number,
    "holder_name": check_person_name,
    "kk_number": check_population_number,
    "recipient_name": check_person_name,
    "recipient_phone": check_phone,
    "street": text_of(200),
    "rt": check_neighbourhood_number,
    "rw": check_neighbourhood_number,
    "village": text_of(100),
    "district": text_of(100),
    "regency": text_of(100),
    "province": text_of(100),
    "postal_code": check_postal_code,
    "application_ref": text_of(60),
}
OPTIONAL_FIELDS = frozenset({"application_ref"})


def validate_document(raw: Mapping[str, object], row: int | None = None):
    """Check every field; return (clean values, []) or (None, every error found)."""
    clean: dict[str, str | None] = {}
    errors: list[FieldError] = []
    for field, check in FIELD_CHECKS.items():
        value = raw.get(field)
        if value is not None and not isinstance(value, str):
            errors.append(FieldError(field, _("Send this value as text."), row))
            continue
        text = "" if value is None else value.strip()
        if not text:
            if field in OPTIONAL_FIELDS:
                clean[field] = None
            else:
                errors.append(FieldError(field, _("This field is required."), row))
            continue
        try:
            clean[field] = check(text)
        except InvalidField as error:
            errors.append(FieldError(field, str(error), row))
    return (None, errors) if errors else (clean, [])
