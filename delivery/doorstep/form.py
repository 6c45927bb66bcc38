"""What a courier sends from the door, read and checked field by field.

Each reader returns a clean value or raises `InvalidVisit` naming the field, so a visit is
either wholly valid or refused before anything is written.
"""

import io
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from PIL import Image, ImageOps

from delivery.core.clock import utcnow
from delivery.core.errors import DomainError
from delivery.intake.fields import InvalidField, check_person_name
from delivery.models import AttemptReason

CLIENT_EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]{7,63}")
FUTURE_SLACK = timedelta(minutes=5)
OLDEST_VISIT = timedelta(days=7)
MAX_NOTE = 500
MAX_PIXELS = 40_000_000
PHOTO_SIDE = 1280
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
SIGNATURE_SIDE = 2000
DOOR_REASONS = (
    AttemptReason.NOT_AT_HOME,
    AttemptReason.ADDRESS_NOT_FOUND,
    AttemptReason.REFUSED,
    AttemptReason.RECIPIENT_MOVED,
    AttemptReason.NOT_ENTITLED,
)


class InvalidVisit(DomainError):
    """A field of a door visit that cannot be accepted."""

    status = 422


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    accuracy_m: float


def read_client_event_id(value: str | None) -> str:
    """The id the phone gave the event, so a resent event counts once."""
    if not value or not CLIENT_EVENT_ID.fullmatch(value):
        raise InvalidVisit(_("The event id from the phone is missing."), field="client_event_id")
    return value


def read_occurred_at(value: str | None) -> datetime:
    """The phone's time of the event: not far in the future (a little ahead is now), not older
    than a week."""
    try:
        moment = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidVisit(_("The time from the phone is missing."), field="occurred_at")
    now = utcnow()
    if moment > now + FUTURE_SLACK:
        raise InvalidVisit(
            _("The phone's time is in the future. Check the phone's clock."), field="occurred_at"
        )
    if moment < now - OLDEST_VISIT:
        raise InvalidVisit(
            _("This record is older than 7 days and cannot be accepted."), field="occurred_at"
        )
    return min(moment, now)  # a phone a little ahead is dated by our clock


def read_receiver_name(value: str | None) -> str:
    try:
        return check_person_name((value or "").strip())
    except InvalidField as error:
        raise InvalidVisit(
            _("Receiver's name: %(problem)s", problem=error), field="receiver_name"
        ) from None


def read_reason(value: str | None) -> AttemptReason:
    """One of the reasons a courier may give for a failed attempt."""
    if value not in {reason.value for reason in DOOR_REASONS}:
        raise InvalidVisit(_("Choose why the parcel could not be delivered."), field="reason")
    return AttemptReason(value)


def read_note(value: str | None) -> str | None:
    note = " ".join((value or "").split())
    if len(note) > MAX_NOTE:
        raise InvalidVisit(_("Keep the note under 500 characters."), field="note")
    return note or None


def read_code(value: str | None, digits: int) -> str:
    code = re.sub(r"\s", "", value or "")
    if not (code.isdigit() and len(code) == digits):
        raise InvalidVisit(_("Type the %(num)d digits.", num=digits), field="code")
    return code


def read_position(latitude: str | None, longitude: str | None, accuracy: str | None):
    """The phone's GPS fix, if it had one: all three numbers, within their ranges."""
    if not (latitude or longitude):
        return None
    try:
        position = Position(float(latitude), float(longitude), float(accuracy or "nan"))
    except (TypeError, ValueError):
        position = None
    if (
        position is None
        or not -90 <= position.latitude <= 90
        or not -180 <= position.longitude <= 180
        or not 0 <= position.accuracy_m <= 100_000
    ):
        raise InvalidVisit(_("The GPS position from the phone is not valid."), field="position")
    return position


def open_image(data: bytes, field: str) -> Image.Image:
    """Open an uploaded image, refusing what Pillow cannot read or what is absurdly large."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("too many pixels")
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning):
        raise InvalidVisit(_("This file is not a readable image."), field=field) from None
    return image


def read_photo(data: bytes | None, *, required: bool) -> Photo | None:
    """A photo of the handover, kept as sent when small enough, else made a smaller JPEG."""
    if not data:
        if required:
            raise InvalidVisit(_("Take a photo of the handover."), field="photo")
        return None
    return photo_of(data, "photo")


def photo_of(data: bytes, field: str) -> Photo:
    """An uploaded photo, kept as sent when small enough, else made a smaller JPEG."""
    image = open_image(data, field)
    if image.format in PHOTO_TYPES and max(image.size) <= PHOTO_SIDE:
        return Photo(data, PHOTO_TYPES[image.format])
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    smaller = io.BytesIO()
    image.save(smaller, "JPEG", quality=82)
    return Photo(smaller.getvalue(), "image/jpeg")


def read_signature(data: bytes | None) -> bytes:
    """The receiver's signature drawn on the screen: a PNG with something drawn on it."""
    if not data:
        raise InvalidVisit(_("Ask the receiver to sign on the screen."), field="signature")
    image = open_image(data, "signature")
    if image.format != "PNG" or max(image.size) > SIGNATURE_SIDE:
        raise InvalidVisit(_("The signature must be a PNG image."), field="signature")
    if is_blank(image):
        raise InvalidVisit(_("The signature is empty."), field="signature")
    return data


def is_blank(image: Image.Image) -> bool:
    """Tell whether an image is all one light colour (or fully transparent)."""
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image.convert("RGBA"))
    ink = ImageOps.invert(flat.convert("L")).point(lambda value: 255 if value > 64 else 0)
    return ink.getbbox() is None
