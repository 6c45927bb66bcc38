"""A single label as a PNG image, drawn with Pillow."""

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from labels.errors import InvalidLabelError
from labels.fonts import BOLD_STROKE_EM, label_font, pil_font
from labels.layout import RULE_THICKNESS, BarBlock, QrBlock, Rule, TextRun, layout_label, paint
from labels.model import LabelData
from labels.sheets import sheet_for
from labels.style import DEFAULT_STYLE, LabelStyle

MIN_DPI, MAX_DPI = 100, 1200


def render_png(label: LabelData, *, dpi: int = 300, style: LabelStyle = DEFAULT_STYLE) -> bytes:
    """Render one 100 x 150 mm label as a grayscale PNG at `dpi`."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise InvalidLabelError(f"dpi must be from {MIN_DPI} to {MAX_DPI}", field="dpi")
    width, height = sheet_for("4x6").label_size
    layout = layout_label(label, (width, height), style)
    scale = dpi / 72
    image = Image.new("L", (round(width * scale), round(height * scale)), 255)
    paint((*layout.static.items, *layout.items), PngPainter(image, scale, style))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi), optimize=False)
    return buffer.getvalue()


class PngPainter:
    """Draws layout items on a Pillow image; layout points become pixels at `scale`."""

    def __init__(self, image: Image.Image, scale: float, style: LabelStyle) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.scale = scale
        self.font_path = label_font(style.font).path

    def draw_texts(self, runs: Sequence[TextRun]) -> None:
        """Draw text runs on their baselines; bold is the regular face with an outline."""
        for run in runs:
            size = run.size * self.scale
            stroke = max(1, round(size * BOLD_STROKE_EM / 2)) if run.bold else 0
            font = pil_font(self.font_path, round(size))
            position = (run.x * self.scale, self._y(run.y))
            self.draw.text(position, run.text, fill=0, font=font, anchor="ls", stroke_width=stroke)

    def draw_rule(self, rule: Rule) -> None:
        """Draw a horizontal rule at least one pixel thick."""
        thickness = max(1, round(RULE_THICKNESS * self.scale))
        top = round(self._y(rule.y) - thickness / 2)
        left, right = round(rule.x * self.scale), round((rule.x + rule.length) * self.scale)
        self.draw.rectangle((left, top, right - 1, top + thickness - 1), fill=0)

    def draw_qr(self, qr: QrBlock) -> None:
        """Paste the QR code with a whole number of pixels per module, centred in its block."""
        matrix = qr.symbol()
        size = matrix.size
        module, inset = qr.on_grid(self.scale)
        symbol = Image.frombytes("1", (size, size), matrix.bits, "raw", "1;I")
        symbol = symbol.resize((size * module, size * module), Image.Resampling.NEAREST)
        left = round(qr.x * self.scale + inset)
        top = round(self._y(qr.y + qr.width) + inset)
        self.image.paste(symbol.convert("L"), (left, top))

    def draw_bars(self, bars: BarBlock) -> None:
        """Draw the bars with a whole number of pixels per module, centred where laid out."""
        module, left = bars.on_grid(self.scale)
        top, bottom = round(self._y(bars.y + bars.height)), round(self._y(bars.y))
        for start, width in bars.pattern.bars:
            x = round(left) + start * module
            self.draw.rectangle((x, top, x + width * module - 1, bottom - 1), fill=0)

    def _y(self, y: float) -> float:
        """Turn a layout height (from the bottom, in points) into a pixel row from the top."""
        return self.image.height - y * self.scale
