"""The handover manifest: an A4 list of a batch's parcels, signed by both sides."""

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from labels.errors import InvalidLabelError
from labels.fonts import clean_text, label_font
from labels.model import Manifest, ManifestRow
from labels.style import DEFAULT_STYLE, LabelStyle, ManifestCaptions

COLUMN_WIDTHS = (12 * mm, 42 * mm, 52 * mm, 46 * mm, 24 * mm)
GRID = colors.Color(0.45, 0.45, 0.45)
STRIPE = colors.Color(0.94, 0.94, 0.94)


def render_manifest_pdf(manifest: Manifest, *, style: LabelStyle = DEFAULT_STYLE) -> bytes:
    """Render the manifest: every row, totals, two signature boxes, numbered pages."""
    _check(manifest.rows)
    captions = style.manifest
    styles = _styles(label_font(style.font).name)
    buffer = io.BytesIO()
    metadata = style.metadata
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=f"{captions.title} {clean_text(manifest.batch_reference)}",
        author=metadata.author or None,
        creator=metadata.creator or None,
        subject=metadata.subject or None,
        lang=style.language,
    )
    story = [
        *_heading(manifest, captions, styles),
        _rows_table(manifest.rows, captions, styles),
        Spacer(1, 10 * mm),
        KeepTogether(_signature_table(captions, styles)),
    ]
    footer = f"{captions.batch}: {clean_text(manifest.batch_reference)}"
    canvas = _numbered_canvas(footer, captions.page, styles["small"].fontName)
    document.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def _check(rows: Sequence[ManifestRow]) -> None:
    """Refuse an empty manifest or impossible document counts."""
    if not rows:
        raise InvalidLabelError("a manifest needs at least one parcel", field="rows")
    for row in rows:
        if isinstance(row.document_count, bool) or not isinstance(row.document_count, int):
            raise InvalidLabelError(
                f"{row.tracking_code}: document_count must be a whole number", field="rows"
            )
        if row.document_count < 1:
            raise InvalidLabelError(
                f"{row.tracking_code}: a parcel holds at least one document", field="rows"
            )


def _styles(font_name: str) -> dict[str, ParagraphStyle]:
    """Return the paragraph styles, all in the label font."""
    return {
        "title": ParagraphStyle("title", fontName=font_name, fontSize=15, leading=19),
        "body": ParagraphStyle("body", fontName=font_name, fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", fontName=font_name, fontSize=9, leading=11),
        "small": ParagraphStyle("small", fontName=font_name, fontSize=8, leading=10),
    }


def _heading(
    manifest: Manifest, captions: ManifestCaptions, styles: dict[str, ParagraphStyle]
) -> list[Paragraph | Spacer]:
    """Return the title, the office and the batch's reference, date and totals."""
    parcels = len(manifest.rows)
    documents = sum(row.document_count for row in manifest.rows)
    office = [_text(manifest.office_name), *map(_text, manifest.office_address_lines)]
    created = manifest.created_at.strftime(captions.date_format)
    zone = manifest.created_at.tzname()
    counts = (
        f"{_text(captions.parcel_count)}: {parcels} · {_text(captions.document_count)}: {documents}"
    )
    return [
        Paragraph(_text(captions.title), styles["title"]),
        Spacer(1, 3 * mm),
        Paragraph("<br/>".join(office), styles["body"]),
        Spacer(1, 3 * mm),
        Paragraph(f"{_text(captions.batch)}: {_text(manifest.batch_reference)}", styles["body"]),
        Paragraph(
            f"{_text(captions.created)}: {_text(created)}{f' {zone}' if zone else ''}",
            styles["body"],
        ),
        Paragraph(counts, styles["body"]),
        Spacer(1, 5 * mm),
    ]


def _rows_table(
    rows: Sequence[ManifestRow], captions: ManifestCaptions, styles: dict[str, ParagraphStyle]
) -> Table:
    """Return the parcel table, its header repeated on every page, totals at the end."""
    cell = styles["cell"]
    columns = (
        captions.number,
        captions.tracking_code,
        captions.village,
        captions.district,
        captions.document_count,
    )
    header = [Paragraph(_text(title), cell) for title in columns]
    body = [
        [
            str(number),
            *(Paragraph(_text(text), cell) for text in _row_texts(row)),
            str(row.document_count),
        ]
        for number, row in enumerate(rows, start=1)
    ]
    documents = sum(row.document_count for row in rows)
    totals = [
        "",
        f"{clean_text(captions.total_parcels)}: {len(rows)}",
        "",
        clean_text(captions.total_documents),
        str(documents),
    ]
    table = Table([header, *body, totals], colWidths=COLUMN_WIDTHS, repeatRows=1)
    table.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), STRIPE),
            ("BACKGROUND", (0, -1), (-1, -1), STRIPE),
            ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    return table


def _row_texts(row: ManifestRow) -> tuple[str, str, str]:
    """Return the cells of a row that may need wrapping."""
    return row.tracking_code, row.village, row.district


def _signature_table(captions: ManifestCaptions, styles: dict[str, ParagraphStyle]) -> Table:
    """Return two boxes, the sender's and the carrier's, for name, signature and date."""
    lines = (
        f"<br/><br/>{_text(captions.name)}: ______________________<br/><br/><br/><br/>"
        f"{_text(captions.signature)}: ______________<br/><br/>"
        f"{_text(captions.date)}: ____________________"
    )
    signers = (captions.handed_over_by, captions.received_by)
    cells = [Paragraph(f"{_text(signer)}{lines}", styles["body"]) for signer in signers]
    table = Table([cells], colWidths=(87 * mm, 87 * mm), rowHeights=(58 * mm,))
    table.setStyle(
        [
            ("BOX", (0, 0), (0, 0), 0.8, colors.black),
            ("BOX", (1, 0), (1, 0), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
        ]
    )
    return table


def _text(value: str) -> str:
    """Return user text cleaned and escaped for a reportlab paragraph."""
    return escape(clean_text(value))


def _numbered_canvas(footer: str, page_caption: str, font_name: str) -> type[Canvas]:
    """Return a canvas class that writes `footer` and the page caption on every page."""

    class NumberedCanvas(Canvas):
        """Keeps every page until the end, when the page count is known."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.saved_pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            """Hold the page back until the total is known."""
            self.saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            """Number every page, then write the document."""
            total = len(self.saved_pages)
            for number, page in enumerate(self.saved_pages, start=1):
                self.__dict__.update(page)
                self.setFont(font_name, 8)
                self.drawString(15 * mm, 10 * mm, footer)
                page = page_caption.format(page=number, pages=total)
                self.drawRightString(195 * mm, 10 * mm, page)
                super().showPage()
            super().save()

    return NumberedCanvas
