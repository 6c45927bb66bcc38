"""The one description of a label: where every line, rule and code goes.

Positions are in points (1/72 inch) from the label's lower left corner, text measured
in the style's font. The PDF, PNG and ZPL renderers only translate this description
(through `paint`) into their format. The sender block depends only on the office, so
it is laid out once per office, size and style and kept apart (`StaticPart`), letting
the PDF renderer draw it once per document as a form.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from labels.barcode import QUIET_ZONE as BAR_QUIET_ZONE
from labels.barcode import BarPattern, code128
from labels.errors import InvalidLabelError
from labels.fonts import LabelFont, label_font, normalize_text
from labels.model import LabelData
from labels.qr import QrMatrix, qr_matrix, qr_size
from labels.style import LabelStyle
from labels.text import Paragraph, SetLine, fit_block

MM = 72 / 25.4
MARGIN = 4 * MM
CAPTION_SIZE = 6.0
MIN_CAPTION_SIZE = 4.0
RULE_THICKNESS = 0.6
QR_WIDTH = 36 * MM
BAR_HEIGHT = 13 * MM
MAX_BAR_MODULE = 0.45 * MM
MIN_BAR_MODULE = 0.25 * MM
BARCODE_ZONE = 20 * MM
CODE_ZONE = 38 * MM
SENDER_ZONE = 23 * MM
GAP = 1.5 * MM


@dataclass(frozen=True)
class TextRun:
    """Text on one line; (x, y) is the start of its baseline."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A horizontal line from (x, y) to the right."""

    x: float
    y: float
    length: float


@dataclass(frozen=True)
class QrBlock:
    """A QR symbol of `url`, `modules` a side with its quiet zone, (x, y) its lower left corner.

    `matrix` holds the encoded symbol, or None where it was left to whoever draws it."""

    x: float
    y: float
    width: float
    url: str
    modules: int
    matrix: QrMatrix | None

    def symbol(self) -> QrMatrix:
        """Return the encoded symbol, encoding it now if the layout did not."""
        return self.matrix if self.matrix is not None else qr_matrix(self.url)

    def on_grid(self, scale: float) -> tuple[int, float]:
        """Return (dots a module, inset): whole dots a module at `scale` dots a point, centred."""
        block = self.width * scale
        module = max(1, int(block // self.modules))
        return module, (block - self.modules * module) / 2


@dataclass(frozen=True)
class BarBlock:
    """A Code 128 symbol of `value` whose first bar starts at (x, y)."""

    value: str
    x: float
    y: float
    module: float
    height: float
    pattern: BarPattern

    def on_grid(self, scale: float) -> tuple[int, float]:
        """Return (dots a module, left edge): whole dots, rounded down to stay in its place."""
        module = max(1, int(self.module * scale + 1e-9))
        centre = (self.x + self.pattern.modules * self.module / 2) * scale
        return module, centre - self.pattern.modules * module / 2


Item = TextRun | Rule | QrBlock | BarBlock


@dataclass(frozen=True)
class StaticPart:
    """What is the same on every label of one office: the sender block and the rules.

    `key` tells offices apart within one document (of one size and style)."""

    key: tuple[object, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class LabelLayout:
    """A laid out label of `width` x `height` points."""

    width: float
    height: float
    static: StaticPart
    items: tuple[Item, ...]


class Painter(Protocol):
    """What a renderer does with the description: draw each kind of item."""

    def draw_texts(self, runs: Sequence[TextRun]) -> None:
        """Draw text runs, all at once."""
        ...

    def draw_rule(self, rule: Rule) -> None:
        """Draw a horizontal rule."""
        ...

    def draw_qr(self, qr: QrBlock) -> None:
        """Draw a QR symbol."""
        ...

    def draw_bars(self, bars: BarBlock) -> None:
        """Draw a Code 128 symbol."""
        ...


def paint(items: Iterable[Item], painter: Painter) -> None:
    """Hand every item to the painter: rules and codes one by one, then all text runs."""
    texts: list[TextRun] = []
    for item in items:
        if isinstance(item, TextRun):
            texts.append(item)
        elif isinstance(item, Rule):
            painter.draw_rule(item)
        elif isinstance(item, QrBlock):
            painter.draw_qr(item)
        else:
            painter.draw_bars(item)
    painter.draw_texts(texts)


def layout_label(
    label: LabelData,
    size: tuple[float, float],
    style: LabelStyle,
    encode_qr: bool = True,
) -> LabelLayout:
    """Lay out one label of (width, height) points; `encode_qr` False leaves the QR unmade."""
    width, height = size
    font = label_font(style.font)
    static = static_part(label.sender_name, tuple(label.return_address_lines), size, style)
    items = (
        *_recipient_items(label, font, size, style.captions.phone),
        *_code_items(label, font, width, encode_qr),
        *_barcode_items(label, font, width),
    )
    return LabelLayout(width=width, height=height, static=static, items=items)


@lru_cache(maxsize=64)
def static_part(
    sender_name: str, return_lines: tuple[str, ...], size: tuple[float, float], style: LabelStyle
) -> StaticPart:
    """Lay out the sender block, captions and rules shared by an office's labels."""
    font = label_font(style.font)
    captions = style.captions
    width, height = size
    inner = width - 2 * MARGIN
    top = height - MARGIN
    paragraphs = [Paragraph(normalize_text(sender_name, "sender_name", font), 1.1, True)]
    paragraphs += [
        Paragraph(normalize_text(line, "return_address_lines", font)) for line in return_lines
    ]
    box = (inner, SENDER_ZONE - CAPTION_SIZE - GAP)
    sender = fit_block(paragraphs, font, box, (8.5, 4.0), "sender_name and return_address_lines")
    sender_rule = top - SENDER_ZONE - GAP / 2
    code_rule = MARGIN + BARCODE_ZONE + CODE_ZONE + GAP
    code_column = MARGIN + QR_WIDTH + GAP
    items: list[Item] = [
        *_caption(captions.sender, "captions.sender", (MARGIN, top), inner, font),
        *_place(sender, MARGIN, top - CAPTION_SIZE - GAP / 2),
        Rule(MARGIN, sender_rule, inner),
        *_caption(
            captions.recipient, "captions.recipient", (MARGIN, sender_rule - GAP), inner, font
        ),
        Rule(MARGIN, code_rule, inner),
        *_caption(
            captions.tracking_code,
            "captions.tracking_code",
            (code_column, code_rule - GAP),
            width - MARGIN - code_column,
            font,
        ),
        Rule(MARGIN, MARGIN + BARCODE_ZONE + GAP / 2, inner),
    ]
    return StaticPart(key=(sender_name, return_lines), items=tuple(items))


def _recipient_items(
    label: LabelData, font: LabelFont, size: tuple[float, float], phone_caption: str
) -> list[TextRun]:
    """Lay out the recipient's name, address and phone between the two upper rules."""
    width, height = size
    name = normalize_text(label.recipient_name, "recipient_name", font)
    if not name:
        raise InvalidLabelError("recipient_name is empty", field="recipient_name")
    lines = [normalize_text(line, "address_lines", font) for line in label.address_lines]
    if not any(lines):
        raise InvalidLabelError("address_lines are empty", field="address_lines")
    phone = normalize_text(label.phone, "phone", font)
    paragraphs = [Paragraph(name, 1.45, True), *(Paragraph(line) for line in lines)]
    if phone:
        caption = normalize_text(phone_caption, "captions.phone", font)
        paragraphs.append(Paragraph(f"{caption} {phone}".strip(), 1.15, True))
    top = height - MARGIN - SENDER_ZONE - GAP - CAPTION_SIZE - GAP
    bottom = MARGIN + BARCODE_ZONE + CODE_ZONE + 2 * GAP
    box = (width - 2 * MARGIN, top - bottom)
    block = fit_block(paragraphs, font, box, (11.0, 4.5), "recipient_name and address_lines")
    return _place(block, MARGIN, top)


def _code_items(label: LabelData, font: LabelFont, width: float, encode_qr: bool) -> list[Item]:
    """Lay out the QR code with the tracking code and service line beside it."""
    bottom = MARGIN + BARCODE_ZONE + GAP
    url = _checked_url(label.qr_url)
    matrix = qr_matrix(url) if encode_qr else None
    qr = QrBlock(MARGIN, bottom, QR_WIDTH, url, qr_size(url), matrix)
    left = MARGIN + QR_WIDTH + GAP
    column = (width - MARGIN - left, CODE_ZONE - CAPTION_SIZE - GAP)
    top = bottom + CODE_ZONE - CAPTION_SIZE - GAP
    code = Paragraph(normalize_text(label.tracking_code, "tracking_code", font), 1.0, True)
    code_block = fit_block([code], font, (column[0], column[1] / 2), (20.0, 8.0), "tracking_code")
    service_top = top - code_block[-1].baseline - GAP * 2
    service = Paragraph(normalize_text(label.service_line, "service_line", font))
    service_box = (column[0], service_top - bottom)
    service_block = fit_block([service], font, service_box, (9.0, 4.5), "service_line")
    return [qr, *_place(code_block, left, top), *_place(service_block, left, service_top)]


def _barcode_items(label: LabelData, font: LabelFont, width: float) -> list[Item]:
    """Lay out the Code 128 tracking barcode, centred, with its text beneath."""
    pattern = code128(label.tracking_code)
    module = min(MAX_BAR_MODULE, (width - 2 * MARGIN) / (pattern.modules + 2 * BAR_QUIET_ZONE))
    if module < MIN_BAR_MODULE:
        raise InvalidLabelError(
            "tracking_code is too long for a barcode that scanners read", field="tracking_code"
        )
    x = (width - pattern.modules * module) / 2
    y = MARGIN + BARCODE_ZONE - BAR_HEIGHT
    bars = BarBlock(label.tracking_code, x, y, module, BAR_HEIGHT, pattern)
    text_size = 8.0
    text_x = (width - font.width(label.tracking_code, text_size)) / 2
    return [bars, TextRun(text_x, MARGIN + 1.0, label.tracking_code, text_size)]


def _checked_url(url: str) -> str:
    """Return the URL if it can be the whole content of a label QR code."""
    if not url or any(char.isspace() or not char.isprintable() for char in url):
        raise InvalidLabelError("qr_url must be a non-empty URL without spaces", field="qr_url")
    return url


def _caption(
    text: str, field: str, corner: tuple[float, float], width: float, font: LabelFont
) -> list[TextRun]:
    """Return a one-line caption whose cap height hangs from the (left, top) corner."""
    paragraph = Paragraph(normalize_text(text, field, font))
    one_line = (width, (font.ascent + font.descent) * CAPTION_SIZE)
    lines = fit_block([paragraph], font, one_line, (CAPTION_SIZE, MIN_CAPTION_SIZE), field)
    x, top = corner
    return [TextRun(x, top - font.ascent * line.size * 0.8, line.text, line.size) for line in lines]


def _place(lines: Sequence[SetLine], x: float, top: float) -> list[TextRun]:
    """Turn set lines into text runs hanging from `top`."""
    return [TextRun(x, top - line.baseline, line.text, line.size, line.bold) for line in lines]
