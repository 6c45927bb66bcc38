"""Label sheets as PDF, drawn with reportlab."""

import io
from collections.abc import Iterable, Iterator

from reportlab.pdfgen.canvas import Canvas

from labels.errors import InvalidLabelError
from labels.layout import LabelLayout
from labels.model import LabelData
from labels.pdf_painter import PdfPainter
from labels.prepare import prepare_layouts
from labels.sheets import sheet_for
from labels.style import DEFAULT_STYLE, LabelStyle, PdfMetadata


def render_pdf(
    labels: Iterable[LabelData],
    *,
    layout: str = "4x6",
    style: LabelStyle = DEFAULT_STYLE,
    processes: int | None = None,
) -> bytes:
    """Render labels as PDF: "4x6" is one 100 x 150 mm label a page, "a4" four a page.

    Large batches are laid out on `processes` processes, this one included (None: one
    per usable CPU, at most 8; 1: this process alone).
    """
    sheet = sheet_for(layout)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet.page_size, pageCompression=1, lang=style.language)
    describe(canvas, style.metadata)
    painter = PdfPainter(canvas, style)
    layouts = prepare_layouts(labels, sheet.label_size, style, processes)
    pages = 0
    for page in _pages(layouts, len(sheet.slots)):
        painter.paint_page(page, sheet)
        pages += 1
    if not pages:
        raise InvalidLabelError("there are no labels to render", field="labels")
    canvas.save()
    return buffer.getvalue()


def describe(canvas: Canvas, metadata: PdfMetadata) -> None:
    """Write the document's title, author, creator and subject, leaving blank ones out."""
    fields = (
        (canvas.setTitle, metadata.title),
        (canvas.setAuthor, metadata.author),
        (canvas.setCreator, metadata.creator),
        (canvas.setSubject, metadata.subject),
    )
    for setter, value in fields:
        if value:
            setter(value)


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
