"""Reading what an admin types on the privacy page."""

from flask_babel import gettext as _

from delivery.core.errors import DomainError

LONGEST_RETENTION_DAYS = 3650


def read_nik(text: str | None) -> str:
    """A NIK as typed: 16 digits, spaces and dashes allowed between them."""
    digits = "".join((text or "").replace("-", "").split())
    if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
        raise DomainError(_("Type the person's NIK: 16 digits."), field="nik")
    return digits


def read_retention_days(text: str | None) -> int:
    """Days to keep proofs and phone numbers after a parcel ends: 1 to ten years."""
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= LONGEST_RETENTION_DAYS:
        raise DomainError(
            _("Give a number of days from 1 to %(most)d.", most=LONGEST_RETENTION_DAYS),
            field="retention_days",
        )
    return int(value)


def read_confirmation(text: str | None) -> None:
    """An erasure cannot be undone: the admin ticks that they checked the request."""
    if text != "yes":
        raise DomainError(
            _("Tick that you checked the request: an erasure cannot be undone."), field="confirm"
        )
