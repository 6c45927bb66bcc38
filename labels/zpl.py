"""Labels as ZPL II for Zebra printers at 203 dpi with 4 x 6 inch stock.

Text is set in the printer's scalable font 0 with UTF-8 (^CI28); every text field is
hex-escaped with ^FH, so label data can never inject ZPL commands. Glyphs beyond the
printer font's repertoire print as the printer's font allows. Font 0 cannot be
measured here, so lines are wrapped with a generous width estimate.
"""

import math
from collections.abc import Iterable, Sequence

from labels.barcode import code128
from labels.errors import InvalidLabelError
from labels.fonts import clean_text
from labels.layout import checked_url
from labels.model import LabelData
from labels.qr import qr_version
from labels.text import Paragraph, SetLine, fit_block

DOTS_PER_MM = 8
WIDTH, HEIGHT = 812, 1218
MARGIN = 32
INNER = WIDTH - 2 * MARGIN
RULE = 3
CAPTION = 18
MIN_QR_DOTS = 25 * DOTS_PER_MM
QR_ZONE_TOP, QR_ZONE_HEIGHT = 712, 300
BARCODE_TOP, BAR_HEIGHT = 1034, 120
SAFE_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-/:;()+#'&@!?*=%"
)


class ZebraFont0:
    """Width estimate for the printer's font 0 (a condensed sans), erring wide."""

    ascent = 1.0
    descent = 0.0

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return a width no narrower than font 0 (always bold) prints `text` at `size`."""
        return len(text) * 0.62 * size


def render_zpl(labels: Iterable[LabelData]) -> str:
    """Render labels as ZPL II, one ^XA…^XZ format per label."""
    return "".join(_label_zpl(label) for label in labels)


def escape_field(text: str) -> str:
    """Hex-escape (^FH, escape character "_") everything but plain safe characters."""
    return "".join(
        char if char in SAFE_CHARACTERS else "".join(f"_{byte:02X}" for byte in char.encode())
        for char in text
    )


def _label_zpl(label: LabelData) -> str:
    """Return the ZPL of one label."""
    commands = ["^XA", "^CI28", f"^PW{WIDTH}", f"^LL{HEIGHT}", "^LH0,0"]
    commands += _sender_fields(label)
    commands += _recipient_fields(label)
    commands += _code_fields(label)
    commands += _barcode_fields(label)
    commands.append("^XZ")
    return "\n".join(commands) + "\n"


def _sender_fields(label: LabelData) -> list[str]:
    """Set the office's name and return address at the top."""
    paragraphs = [Paragraph(label.sender_name, 1.15)]
    paragraphs += [Paragraph(line) for line in label.return_address_lines]
    lines = _fit(paragraphs, (INNER, 150), (28, 16), "sender_name and return_address_lines")
    return [
        _text(MARGIN, 24, CAPTION, "PENGIRIM"),
        *_place(lines, MARGIN, 48),
        f"^FO{MARGIN},204^GB{INNER},{RULE},{RULE}^FS",
    ]


def _recipient_fields(label: LabelData) -> list[str]:
    """Set the recipient's name, address and phone in the middle."""
    if not clean_text(label.recipient_name):
        raise InvalidLabelError("recipient_name is empty", field="recipient_name")
    if not any(map(clean_text, label.address_lines)):
        raise InvalidLabelError("address_lines are empty", field="address_lines")
    paragraphs = [Paragraph(label.recipient_name, 1.35)]
    paragraphs += [Paragraph(line) for line in label.address_lines]
    if label.phone.strip():
        paragraphs.append(Paragraph(f"Telp. {label.phone}", 1.15))
    lines = _fit(paragraphs, (INNER, 440), (40, 18), "recipient_name and address_lines")
    return [
        _text(MARGIN, 216, CAPTION, "PENERIMA"),
        *_place(lines, MARGIN, 244),
        f"^FO{MARGIN},{QR_ZONE_TOP - 10}^GB{INNER},{RULE},{RULE}^FS",
    ]


def _code_fields(label: LabelData) -> list[str]:
    """Set the QR code (^BQ, byte mode, level M) with the tracking code beside it."""
    url = checked_url(label.qr_url)
    data = url.encode()
    modules = 17 + 4 * qr_version(len(data))
    magnification = max(1, min(10, math.ceil(MIN_QR_DOTS / modules)))
    quiet = 4 * magnification
    column = MARGIN + (modules + 8) * magnification + 16
    column_width = WIDTH - MARGIN - column
    top = QR_ZONE_TOP + 8
    code = _fit([Paragraph(label.tracking_code)], (column_width, 70), (60, 28), "tracking_code")
    service_top = top + 24 + round(code[-1].baseline) + 20
    service_box = (column_width, QR_ZONE_HEIGHT - (service_top - top) - 20)
    service = _fit([Paragraph(label.service_line)], service_box, (26, 16), "service_line")
    return [
        f"^FO{MARGIN + quiet},{top + quiet}^BQN,2,{magnification}"
        f"^FH^FDMM,B{len(data):04d}{escape_field(url)}^FS",
        _text(column, top, CAPTION, "KODE PELACAKAN"),
        *_place(code, column, top + 24),
        *_place(service, column, service_top),
        f"^FO{MARGIN},{BARCODE_TOP - 18}^GB{INNER},{RULE},{RULE}^FS",
    ]


def _barcode_fields(label: LabelData) -> list[str]:
    """Set the Code 128 tracking barcode (^BC, automatic subsets) and its text, centred."""
    pattern = code128(label.tracking_code)
    module = max(2, min(4, INNER // (pattern.modules + 20)))
    left = (WIDTH - pattern.modules * module) // 2
    text_size = 26
    text_left = round((WIDTH - ZebraFont0().width(label.tracking_code, text_size)) / 2)
    return [
        f"^BY{module},3,{BAR_HEIGHT}",
        f"^FO{left},{BARCODE_TOP}^BCN,{BAR_HEIGHT},N,N,N,A"
        f"^FH^FD{escape_field(label.tracking_code)}^FS",
        _text(text_left, BARCODE_TOP + BAR_HEIGHT + 14, text_size, label.tracking_code),
    ]


def _fit(
    paragraphs: Sequence[Paragraph], box: tuple[int, int], sizes: tuple[int, int], field: str
) -> list[SetLine]:
    """Wrap and shrink paragraphs, their text made single-line, to fit `box` in dots."""
    cleaned = [Paragraph(clean_text(paragraph.text), paragraph.scale) for paragraph in paragraphs]
    return fit_block(cleaned, ZebraFont0(), box, sizes, field)


def _place(lines: Sequence[SetLine], left: int, top: int) -> list[str]:
    """Turn set lines into text fields; ^FO gives the top left of each line."""
    return [
        _text(left, round(top + line.baseline - line.size), round(line.size), line.text)
        for line in lines
    ]


def _text(left: int, top: int, height: int, text: str) -> str:
    """Return one escaped text field in font 0."""
    return f"^FO{left},{top}^A0N,{height},{height}^FH^FD{escape_field(text)}^FS"
