"""What a resident types: a tracking code or application reference, and a birth date.

Shared by the page and the JSON API; a value that cannot be read is named, a wrong one is
left to the lookup, which answers the same for every wrong pair.
"""

import re
from datetime import date

from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.parcels.codes import is_valid_tracking_code, normalize_tracking_code
from delivery.resident.lookup import Identifier
from delivery.resident.view import today

MAX_IDENTIFIER_LENGTH = 60
EARLIEST_BIRTH_YEAR = 1900
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidTrackingRequest(DomainError):
    """A code or birth date that cannot be read at all (not a wrong one: that is 'not found')."""

    status = 422


def read_identifier(typed: object) -> Identifier:
    """Read a tracking code as people type it, or else an application reference."""
    text = typed.strip() if isinstance(typed, str) else ""
    if not text:
        raise InvalidTrackingRequest(
            _("Enter the tracking code or the application reference."), field="code"
        )
    if len(text) > MAX_IDENTIFIER_LENGTH:
        raise InvalidTrackingRequest(_("This code is too long."), field="code")
    code = normalize_tracking_code(text)
    if is_valid_tracking_code(code):
        return Identifier(code, is_tracking_code=True)
    return Identifier(text, is_tracking_code=False)


def read_birth_date(typed: object) -> date:
    """Read a birth date written as YYYY-MM-DD."""
    try:
        if not (isinstance(typed, str) and ISO_DATE.fullmatch(typed)):
            raise ValueError(typed)
        return checked_birth_date(date.fromisoformat(typed))
    except ValueError:
        raise InvalidTrackingRequest(
            _("Give the birth date as YYYY-MM-DD, for example 1990-08-17."), field="birth_date"
        ) from None


def birth_date_from_parts(day: str, month: str, year: str) -> date:
    """Read a birth date typed as day, month and four-digit year."""
    try:
        if len(year.strip()) != 4:
            raise ValueError(year)
        return checked_birth_date(date(int(year), int(month), int(day)))
    except ValueError:
        raise InvalidTrackingRequest(
            _("Enter a real date of birth: day, month and a four-digit year."),
            field="birth_date",
        ) from None


def checked_birth_date(born: date) -> date:
    """Refuse birth dates that cannot belong to a living resident."""
    if born.year < EARLIEST_BIRTH_YEAR or born > today():
        raise ValueError(born)
    return born


def limit_key(typed: object) -> str:
    """Return the key a code is rate-limited under: the same for every way of typing it."""
    text = typed.strip()[:MAX_IDENTIFIER_LENGTH] if isinstance(typed, str) else ""
    return normalize_tracking_code(text).upper()
