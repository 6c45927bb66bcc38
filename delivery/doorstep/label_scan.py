"""Reading a parcel label from a camera frame on the server, for phones without a barcode reader.

The QR code holds the label URL ending in /p/<token>; the Code 128 barcode holds the tracking
code. Either finds the parcel, but only among the courier's own office's parcels.
"""

import re
from urllib.parse import urlsplit

import zxingcpp
from flask_babel import gettext as _

from delivery.doorstep.form import InvalidVisit, open_image
from delivery.doorstep.queries import parcel_for_courier
from delivery.models import Parcel, User

MAX_FRAME_BYTES = 2 * 1024 * 1024
MAX_CODE_LENGTH = 20
LABEL_PATH = re.compile(r"/p/([A-Za-z0-9_-]{16,64})/?")
SCANNED_FORMATS = zxingcpp.barcode_formats_from_str("QRCode,Code128")


def decode_frame(frame: bytes) -> list[str]:
    """The texts of the QR codes and Code 128 barcodes in a camera frame."""
    if len(frame) > MAX_FRAME_BYTES:
        raise InvalidVisit(_("The camera picture is too large."), field="frame")
    image = open_image(frame, "frame").convert("L")
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=SCANNED_FORMATS)]


def find_scanned_parcel(courier: User, texts: list[str]) -> Parcel | None:
    """The first scanned parcel the courier may open: on their round or on nobody's."""
    for text in texts:
        parcel = parcel_from_text(courier, text.strip())
        if parcel is not None:
            return parcel
    return None


def parcel_from_text(courier: User, text: str) -> Parcel | None:
    """Read a label URL (by its token) or a tracking code."""
    label = LABEL_PATH.fullmatch(urlsplit(text).path)
    if label:
        return parcel_for_courier(courier, qr_token=label.group(1))
    if len(text) <= MAX_CODE_LENGTH:
        return parcel_for_courier(courier, tracking_code=text)
    return None
