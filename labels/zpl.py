"""Labels as ZPL II for Zebra printers at 8 dots a millimetre (203 dpi), 4 x 6 inch stock.

Each label's description (`labels.layout`) is translated field by field: text lines in
the printer's scalable font 0 on their baselines (^FT), UTF-8 (^CI28), every data field
hex-escaped with ^FH so label data can never inject ZPL commands; rules as boxes; the QR
code (^BQ, byte mode, level M) and the Code 128 barcode (^BC) encoded by the printer,
with whole dots a module, where the description puts them. Lines were measured in the
label font; font 0, a condensed face, sets them narrower, so each stays within its width.
"""

from collections.abc import Iterable, Sequence

from labels.layout import MM, RULE_THICKNESS, BarBlock, LabelLayout, QrBlock, Rule, TextRun, paint
from labels.model import LabelData
from labels.prepare import prepare_layouts
from labels.qr import QUIET_ZONE
from labels.sheets import sheet_for
from labels.style import DEFAULT_STYLE, LabelStyle

DOTS_PER_POINT = 8 / MM
STOCK_WIDTH, STOCK_HEIGHT = 812, 1218
MAX_MAGNIFICATION = 10
SAFE_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-/:;()+#'&@!?*=%"
)


def render_zpl(
    labels: Iterable[LabelData], *, style: LabelStyle = DEFAULT_STYLE, processes: int | None = None
) -> str:
    """Render labels as ZPL II, one ^XA…^XZ format per label (large batches: see render_pdf)."""
    size = sheet_for("4x6").label_size
    # The printer encodes the QR code; the description only needs the symbol's size.
    layouts = prepare_layouts(labels, size, style, processes, encode_qr=False)
    return "".join(map(label_format, layouts))


def label_format(layout: LabelLayout) -> str:
    """Return the ZPL format of one laid out label, centred on the stock."""
    painter = ZplPainter(layout)
    paint((*layout.static.items, *layout.items), painter)
    header = ["^XA", "^CI28", f"^PW{STOCK_WIDTH}", f"^LL{STOCK_HEIGHT}", "^LH0,0"]
    return "\n".join([*header, *painter.commands, "^XZ"]) + "\n"


def escape_field(text: str) -> str:
    """Hex-escape (^FH, escape character "_") everything but plain safe characters."""
    return "".join(
        char if char in SAFE_CHARACTERS else "".join(f"_{byte:02X}" for byte in char.encode())
        for char in text
    )


class ZplPainter:
    """Turns description items into ZPL fields, points into dots from the stock's top left."""

    def __init__(self, layout: LabelLayout) -> None:
        self.height = layout.height
        self.left = (STOCK_WIDTH - layout.width * DOTS_PER_POINT) / 2
        self.top = (STOCK_HEIGHT - layout.height * DOTS_PER_POINT) / 2
        self.commands: list[str] = []

    def draw_texts(self, runs: Sequence[TextRun]) -> None:
        """Set each run in font 0 at its size, its baseline where the description puts it."""
        for run in runs:
            x, y = self._dots(run.x, run.y)
            height = max(1, round(run.size * DOTS_PER_POINT))
            self.commands.append(
                f"^FT{x},{y}^A0N,{height},{height}^FH^FD{escape_field(run.text)}^FS"
            )

    def draw_rule(self, rule: Rule) -> None:
        """Draw a rule as a filled box at least one dot thick."""
        thickness = max(1, round(RULE_THICKNESS * DOTS_PER_POINT))
        x, y = self._dots(rule.x, rule.y)
        length = round(rule.length * DOTS_PER_POINT)
        self.commands.append(f"^FO{x},{y - thickness // 2}^GB{length},{thickness},{thickness}^FS")

    def draw_qr(self, qr: QrBlock) -> None:
        """Place the printer's QR code (model 2, level M, byte mode) inside its quiet zone."""
        module, inset = qr.on_grid(DOTS_PER_POINT)
        magnification = min(module, MAX_MAGNIFICATION)
        quiet = QUIET_ZONE * magnification
        x, y = self._dots(qr.x, qr.y + qr.width)
        data = f"MM,B{len(qr.url.encode()):04d}{escape_field(qr.url)}"
        self.commands.append(
            f"^FO{round(x + inset) + quiet},{round(y + inset) + quiet}"
            f"^BQN,2,{magnification}^FH^FD{data}^FS"
        )

    def draw_bars(self, bars: BarBlock) -> None:
        """Place the printer's Code 128 (automatic subsets, no printed text) as laid out."""
        module, left = bars.on_grid(DOTS_PER_POINT)
        height = round(bars.height * DOTS_PER_POINT)
        _, top = self._dots(bars.x, bars.y + bars.height)
        self.commands.append(f"^BY{module},3,{height}")
        self.commands.append(
            f"^FO{round(self.left + left)},{top}^BCN,{height},N,N,N,A"
            f"^FH^FD{escape_field(bars.value)}^FS"
        )

    def _dots(self, x: float, y: float) -> tuple[int, int]:
        """Turn a description point (from the bottom left) into dots from the stock's top left."""
        return (
            round(self.left + x * DOTS_PER_POINT),
            round(self.top + (self.height - y) * DOTS_PER_POINT),
        )
