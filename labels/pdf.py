"""Label sheets as PDF, drawn with reportlab."""

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from labels.errors import InvalidLabelError
from labels.layout import LabelLayout
from labels.model import LabelData
from labels.pdf_painter import PdfPainter
from labels.prepare import prepare_layouts
from labels.sheets import sheet_for


def render_pdf(labels: Iterable[LabelData], *, layout: str = "4x6") -> bytes:
    """Render labels as PDF: "4x6" is one 100 x 150 mm label a page, "a4" four a page."""
    sheet = sheet_for(layout)
    buffer = io.BytesIO()
    with binary_streams():
        canvas = Canvas(buffer, pagesize=sheet.page_size, pageCompression=1)
        canvas.setTitle("Antar parcel labels")
        canvas.setAuthor("Antar")
        canvas.setCreator("Antar")
        painter = PdfPainter(canvas)
        layouts = prepare_layouts(labels, sheet.label_size)
        pages = 0
        for page in _pages(layouts, len(sheet.slots)):
            painter.paint_page(page, sheet)
            pages += 1
        if not pages:
            raise InvalidLabelError("there are no labels to render", field="labels")
        canvas.save()
    return buffer.getvalue()


@contextmanager
def binary_streams() -> Iterator[None]:
    """Skip reportlab's ASCII85 stream encoding, slow in pure Python and not needed."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def _pages(layouts: Iterable[LabelLayout], per_page: int) -> Iterator[list[LabelLayout]]:
    """Yield consecutive groups of `per_page` layouts."""
    page: list[LabelLayout] = []
    for layout in layouts:
        page.append(layout)
        if len(page) == per_page:
            yield page
            page = []
    if page:
        yield page
