"""PDF, PNG and ZPL draw the same lines and codes, where the one description puts them.

Every position is compared in millimetres from the label's top left corner.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2
import pytest
from PIL import Image

from labels import LabelData, LabelStyle, render_pdf, render_png, render_zpl
from labels.fonts import label_font
from labels.layout import MM, BarBlock, LabelLayout, QrBlock, Rule, TextRun, layout_label
from tests.labels.zpl_fields import unescape

LABEL_SIZE = (100 * MM, 150 * MM)
STYLE = LabelStyle()
DPI = 300
SLACK_MM = 0.4  # rounding to whole dots or pixels, and the bold outline


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the label's top left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def holds(self, x: float, y: float, slack: float = SLACK_MM) -> bool:
        """Tell whether the point lies inside, give or take `slack`."""
        return (
            self.left - slack <= x <= self.right + slack
            and self.top - slack <= y <= self.bottom + slack
        )


@pytest.fixture
def described(make_label, sample_texts) -> tuple[LabelData, LabelLayout]:
    """Return a label whose street wraps and whose name is not Latin-1, and its description."""
    label = make_label(
        recipient_name="Nguyễn Thị Ánh",
        address_lines=[sample_texts.long_street, "Desa Poncowati", "Lampung 34163"],
    )
    return label, layout_label(label, LABEL_SIZE, STYLE)


def items_of(layout: LabelLayout) -> list[object]:
    """Return every item of a description, the office's part included."""
    return [*layout.static.items, *layout.items]


def text_box(run: TextRun) -> Box:
    """Return where a text run's glyphs may reach."""
    font = label_font(STYLE.font)
    top = (LABEL_SIZE[1] - run.y - font.ascent * run.size) / MM
    bottom = (LABEL_SIZE[1] - run.y + font.descent * run.size) / MM
    return Box(run.x / MM, top, (run.x + font.width(run.text, run.size, run.bold)) / MM, bottom)


def item_box(item: object) -> Box:
    """Return the rectangle an item of the description covers."""
    height = LABEL_SIZE[1]
    if isinstance(item, TextRun):
        return text_box(item)
    if isinstance(item, Rule):
        return Box(
            item.x / MM, (height - item.y) / MM, (item.x + item.length) / MM, (height - item.y) / MM
        )
    if isinstance(item, QrBlock):
        return Box(
            item.x / MM,
            (height - item.y - item.width) / MM,
            (item.x + item.width) / MM,
            (height - item.y) / MM,
        )
    assert isinstance(item, BarBlock)
    right = item.x + item.pattern.modules * item.module
    return Box(
        item.x / MM, (height - item.y - item.height) / MM, right / MM, (height - item.y) / MM
    )


def the_one(layout: LabelLayout, kind: type) -> object:
    """Return the description's only item of a kind."""
    (item,) = [item for item in items_of(layout) if isinstance(item, kind)]
    return item


def test_the_pdf_prints_every_described_line_in_its_place_and_nothing_else(described):
    label, layout = described
    runs = [item for item in items_of(layout) if isinstance(item, TextRun)]
    document = pypdfium2.PdfDocument(render_pdf([label], style=STYLE))
    text_page = document[0].get_textpage()
    try:
        printed = [line for line in text_page.get_text_range().splitlines() if line.strip()]
        assert Counter(printed) == Counter(run.text for run in runs)
        for run in runs:
            box = text_box(run)
            # the band between baseline and x-height, clear of the lines above and below
            inside = text_page.get_text_bounded(
                box.left * MM, run.y + 0.1 * run.size, box.right * MM, run.y + 0.5 * run.size
            )
            assert inside.strip() == run.text
    finally:
        document.close()


@pytest.mark.parametrize("output", ["pdf", "png"])
def test_pdf_and_png_codes_scan_where_the_description_puts_them(described, decode, output):
    label, layout = described
    if output == "pdf":
        document = pypdfium2.PdfDocument(render_pdf([label], style=STYLE))
        image = document[0].render(scale=DPI / 72, grayscale=True).to_pil()
        document.close()
    else:
        image = Image.open(io.BytesIO(render_png(label, dpi=DPI, style=STYLE)))
    found = {code.format: code for code in decode(image)}
    assert {name: code.text for name, code in found.items()} == {
        "QR": label.qr_url,
        "Code128": label.tracking_code,
    }
    for name, kind in (("QR", QrBlock), ("Code128", BarBlock)):
        centre = [pixels * 25.4 / DPI for pixels in found[name].centre]
        assert item_box(the_one(layout, kind)).holds(*centre)


def test_the_png_inks_every_described_item_and_nothing_beside_them(described):
    label, layout = described
    image = Image.open(io.BytesIO(render_png(label, dpi=DPI, style=STYLE))).convert("L")
    regions = {item: pixel_box(item_box(item)) for item in items_of(layout)}
    for item, region in regions.items():
        assert image.crop(region).getextrema()[0] < 128, f"nothing drawn for {item}"
    for region in regions.values():
        image.paste(255, region)
    assert image.getextrema() == (255, 255), "ink where the description has nothing"


def pixel_box(box: Box) -> tuple[int, int, int, int]:
    """Return a box, widened by the slack, in whole pixels of the PNG."""
    edges = ((box.left, -1), (box.top, -1), (box.right, 1), (box.bottom, 1))
    left, top, right, bottom = (round((mm + side * SLACK_MM) / 25.4 * DPI) for mm, side in edges)
    return left, top, right + 1, bottom + 1


def test_zpl_sets_every_described_line_and_code_in_its_place(described):
    label, layout = described
    zpl = render_zpl([label], style=STYLE)
    stock_left, stock_top = (812 - 800) / 2, (1218 - 1200) / 2

    def millimetres(x: str, y: str) -> tuple[float, float]:
        return (int(x) - stock_left) / 8, (int(y) - stock_top) / 8

    texts = [
        (unescape(text), *millimetres(x, y))
        for x, y, text in re.findall(r"\^FT(\d+),(\d+)\^A0N,\d+,\d+\^FH\^FD(.*?)\^FS", zpl)
    ]
    runs = [item for item in items_of(layout) if isinstance(item, TextRun)]
    assert Counter(text for text, _, _ in texts) == Counter(run.text for run in runs)
    for run in runs:
        baseline = (run.x / MM, (LABEL_SIZE[1] - run.y) / MM)
        assert any(
            text == run.text
            and abs(x - baseline[0]) <= SLACK_MM
            and abs(y - baseline[1]) <= SLACK_MM
            for text, x, y in texts
        ), f"{run.text!r} is not set at {baseline}"
    (qr,) = re.findall(r"\^FO(\d+),(\d+)\^BQN,2,\d+\^FH\^FDMM,B\d{4}(.*?)\^FS", zpl)
    assert unescape(qr[2]) == label.qr_url
    assert item_box(the_one(layout, QrBlock)).holds(*millimetres(qr[0], qr[1]))
    (bars,) = re.findall(r"\^FO(\d+),(\d+)\^BCN,\d+,N,N,N,A\^FH\^FD(.*?)\^FS", zpl)
    assert unescape(bars[2]) == label.tracking_code
    assert item_box(the_one(layout, BarBlock)).holds(*millimetres(bars[0], bars[1]))
    rules = re.findall(r"\^FO(\d+),(\d+)\^GB(\d+),\d+,\d+\^FS", zpl)
    described_rules = [item_box(item) for item in items_of(layout) if isinstance(item, Rule)]
    assert len(rules) == len(described_rules)
    for (x, y, _), box in zip(rules, described_rules, strict=True):
        assert box.holds(*millimetres(x, y))
