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
from labels.pdf import binary_streams

TITLE = "Manifes Serah Terima Paket Dokumen Kependudukan"
COLUMNS = ("No.", "Kode pelacakan", "Desa/Kelurahan", "Kecamatan", "Jumlah dokumen")
COLUMN_WIDTHS = (12 * mm, 42 * mm, 52 * mm, 46 * mm, 24 * mm)
SIGNERS = (
    "Diserahkan oleh: petugas Disdukcapil",
    "Diterima oleh: petugas Pos Indonesia",
)
GRID = colors.Color(0.45, 0.45, 0.45)
STRIPE = colors.Color(0.94, 0.94, 0.94)


def render_manifest_pdf(manifest: Manifest) -> bytes:
    """Render the manifest: every row, totals, two signature boxes, numbered pages."""
    _check(manifest.rows)
    styles = _styles(label_font().name)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=f"{TITLE} {manifest.batch_reference}",
    )
    story = [
        *_heading(manifest, styles),
        _rows_table(manifest.rows, styles),
        Spacer(1, 10 * mm),
        KeepTogether(_signature_table(styles)),
    ]
    footer = f"Nomor batch: {clean_text(manifest.batch_reference)}"
    with binary_streams():
        document.build(story, canvasmaker=_numbered_canvas(footer, styles["small"].fontName))
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


def _heading(manifest: Manifest, styles: dict[str, ParagraphStyle]) -> list[Paragraph | Spacer]:
    """Return the title, the office and the batch's reference, date and totals."""
    parcels = len(manifest.rows)
    documents = sum(row.document_count for row in manifest.rows)
    office = [_text(manifest.office_name), *map(_text, manifest.office_address_lines)]
    created = manifest.created_at.strftime("%d-%m-%Y %H:%M")
    zone = manifest.created_at.tzname()
    return [
        Paragraph(TITLE, styles["title"]),
        Spacer(1, 3 * mm),
        Paragraph("<br/>".join(office), styles["body"]),
        Spacer(1, 3 * mm),
        Paragraph(f"Nomor batch: {_text(manifest.batch_reference)}", styles["body"]),
        Paragraph(f"Dibuat: {created}{f' {zone}' if zone else ''}", styles["body"]),
        Paragraph(f"Jumlah paket: {parcels} · Jumlah dokumen: {documents}", styles["body"]),
        Spacer(1, 5 * mm),
    ]


def _rows_table(rows: Sequence[ManifestRow], styles: dict[str, ParagraphStyle]) -> Table:
    """Return the parcel table, its header repeated on every page, totals at the end."""
    cell = styles["cell"]
    header = [Paragraph(title, cell) for title in COLUMNS]
    body = [
        [str(number), *(Paragraph(_text(text), cell) for text in _row_texts(row)),
         str(row.document_count)]
        for number, row in enumerate(rows, start=1)
    ]
    documents = sum(row.document_count for row in rows)
    totals = ["", f"Total: {len(rows)} paket", "", "Total dokumen", str(documents)]
    table = Table([header, *body, totals], colWidths=COLUMN_WIDTHS, repeatRows=1)
    table.setStyle([
        ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), STRIPE),
        ("BACKGROUND", (0, -1), (-1, -1), STRIPE),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])
    return table


def _row_texts(row: ManifestRow) -> tuple[str, str, str]:
    """Return the cells of a row that may need wrapping."""
    return row.tracking_code, row.village, row.district


def _signature_table(styles: dict[str, ParagraphStyle]) -> Table:
    """Return two boxes, office and postal officer, for name, signature and date."""
    lines = (
        "<br/><br/>Nama: ______________________<br/><br/><br/><br/>"
        "Tanda tangan: ______________<br/><br/>Tanggal: ____________________"
    )
    cells = [Paragraph(f"{signer}{lines}", styles["body"]) for signer in SIGNERS]
    table = Table([cells], colWidths=(87 * mm, 87 * mm), rowHeights=(58 * mm,))
    table.setStyle([
        ("BOX", (0, 0), (0, 0), 0.8, colors.black),
        ("BOX", (1, 0), (1, 0), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
    ])
    return table


def _text(value: str) -> str:
    """Return user text cleaned and escaped for a reportlab paragraph."""
    return escape(clean_text(value))


def _numbered_canvas(footer: str, font_name: str) -> type[Canvas]:
    """Return a canvas class that writes `footer` and "Halaman n dari N" on every page."""

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
                self.drawRightString(195 * mm, 10 * mm, f"Halaman {number} dari {total}")
                super().showPage()
            super().save()

    return NumberedCanvas
