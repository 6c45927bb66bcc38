"""Draw laid out labels on a reportlab canvas, writing PDF operators directly.

Text, QR codes and barcodes are written as raw operators (`Canvas.addLiteral`)
rather than through reportlab's per-call helpers, which cost more than the rest of
a label together. A QR code is an image mask with one sample per module, which
renderers scale without smoothing (the PDF default), so modules stay sharp. Text
is still encoded in reportlab's font subsets, so the document embeds only the
glyphs used.
"""

from collections.abc import Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from labels.fonts import BOLD_STROKE_EM, label_font
from labels.layout import (
    RULE_THICKNESS,
    BarBlock,
    LabelLayout,
    QrBlock,
    Rule,
    StaticPart,
    TextRun,
    paint,
)
from labels.sheets import Sheet, cut_mark_segments
from labels.style import LabelStyle

CUT_MARK_THICKNESS = 0.3


class PdfPainter:
    """Draws labels page by page; each office's block becomes one form XObject."""

    def __init__(self, canvas: Canvas, style: LabelStyle) -> None:
        self.canvas = canvas
        self.font = pdfmetrics.getFont(label_font(style.font).name)
        self.document = canvas._doc  # reportlab keeps font subsets per document
        self.subset_names: dict[int, str] = {}
        self.encoded: dict[str, list[tuple[str, str]]] = {}
        self.forms: dict[tuple[object, ...], str] = {}

    def paint_page(self, page: Sequence[LabelLayout], sheet: Sheet) -> None:
        """Draw one page of labels (forms first, as reportlab needs a fresh stream)."""
        for layout in page:
            self._define_form(layout.static)
        for (x, y), layout in zip(sheet.slots, page, strict=False):
            self.canvas.addLiteral(f"q 1 0 0 1 {x:.3f} {y:.3f} cm")
            self.canvas.doForm(self.forms[layout.static.key])
            paint(layout.items, self)
            self.canvas.addLiteral("Q")
        if sheet.cut_marks:
            self._draw_cut_marks(sheet.slots[: len(page)], sheet.label_size)
        self.canvas.showPage()

    def draw_texts(self, runs: Sequence[TextRun]) -> None:
        """Draw text runs in one text object; bold is the regular face filled and outlined."""
        operators = ["q 0 g 0 G BT"]
        for run in runs:
            if run.bold:
                operators.append(f"2 Tr {run.size * BOLD_STROKE_EM:.3f} w")
            operators.append(f"1 0 0 1 {run.x:.3f} {run.y:.3f} Tm")
            operators.extend(self._show_text(run.text, run.size))
            if run.bold:
                operators.append("0 Tr")
        operators.append("ET Q")
        self.canvas.addLiteral("\n".join(operators))

    def draw_rule(self, rule: Rule) -> None:
        """Draw a horizontal rule."""
        end = rule.x + rule.length
        self.canvas.addLiteral(
            f"q 0 G {RULE_THICKNESS} w {rule.x:.3f} {rule.y:.3f} m {end:.3f} {rule.y:.3f} l S Q"
        )

    def draw_qr(self, qr: QrBlock) -> None:
        """Paint the QR code as an inline 1-bit image mask, one image sample per module."""
        symbol = qr.symbol()
        image = f"BI /W {symbol.size} /H {symbol.size} /IM true /BPC 1 /D [1 0] /F /AHx ID"
        placement = f"{qr.width:.3f} 0 0 {qr.width:.3f} {qr.x:.3f} {qr.y:.3f}"
        self.canvas.addLiteral(f"q 0 g {placement} cm {image} {symbol.bits.hex()}> EI Q")

    def draw_bars(self, bars: BarBlock) -> None:
        """Fill all Code 128 bars as one path, in module units."""
        rects = " ".join(f"{start} 0 {width} 1 re" for start, width in bars.pattern.bars)
        matrix = f"{bars.module:.5f} 0 0 {bars.height:.3f} {bars.x:.3f} {bars.y:.3f}"
        self.canvas.addLiteral(f"q 0 g {matrix} cm {rects} f Q")

    def _show_text(self, text: str, size: float) -> list[str]:
        """Return operators showing `text`, switching font subset where needed."""
        encoded = self.encoded.get(text)
        if encoded is None:
            encoded = self.encoded[text] = self._encode(text)
        return [f"{name} {size:.3f} Tf <{codes}> Tj" for name, codes in encoded]

    def _encode(self, text: str) -> list[tuple[str, str]]:
        """Encode `text` as (subset font name, hex codes) pieces for this document."""
        pieces = []
        for subset, codes in self.font.splitString(text, self.document):
            name = self.subset_names.get(subset)
            if name is None:
                name = self.subset_names[subset] = self.font.getSubsetInternalName(
                    subset, self.document
                )
            pieces.append((name, codes.hex()))
        return pieces

    def _define_form(self, static: StaticPart) -> None:
        """Draw an office's static block into a form XObject, once per document."""
        if static.key in self.forms:
            return
        name = f"office{len(self.forms)}"
        self.canvas.beginForm(name)
        paint(static.items, self)
        self.canvas.endForm()
        self.forms[static.key] = name

    def _draw_cut_marks(
        self, slots: Sequence[tuple[float, float]], label_size: tuple[float, float]
    ) -> None:
        """Draw cut marks around the labels on this page."""
        self.canvas.setLineWidth(CUT_MARK_THICKNESS)
        for slot in slots:
            self.canvas.lines(cut_mark_segments(slot, label_size))
