"""The monthly report as a PDF for the head of office: the office's figures, then a table of
districts and one of villages, on A4 landscape pages."""

import io
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from delivery.reports.figures import (
    FIGURE_NAMES,
    TABLE_FIGURES,
    AreaFigures,
    MonthlyReport,
    shown_figures,
)
from delivery.reports.words import (
    EXPLANATIONS,
    failure_reasons_text,
    figure_label,
    figure_text,
    short_label,
)

GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)

LIST = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
)


def heading(text: str) -> Paragraph:
    """A section heading that stays on the page of what it heads."""
    style = getSampleStyleSheet()["Heading3"]
    style.keepWithNext = True
    return Paragraph(text, style)


def month_title(report: MonthlyReport) -> str:
    return format_date(report.month.first_day, "MMMM yyyy")


def summary_table(report: MonthlyReport) -> Table:
    names = shown_figures(FIGURE_NAMES, report.charges_fee)
    rows = [[figure_label(name), figure_text(report.office_total, name)] for name in names]
    table = Table(rows, colWidths=[90 * mm, 30 * mm], hAlign="LEFT")
    table.setStyle(LIST)
    return table


def reasons_table(area: AreaFigures) -> Table | Paragraph:
    reasons = failure_reasons_text(area)
    if not reasons:
        return Paragraph(_("No failed visits."), getSampleStyleSheet()["BodyText"])
    table = Table(
        [[_("Reason"), _("Failed visits")], *[[label, str(count)] for label, count in reasons]],
        colWidths=[90 * mm, 30 * mm],
        hAlign="LEFT",
    )
    table.setStyle(GRID)
    return table


def areas_table(report: MonthlyReport, areas: list[AreaFigures], with_village: bool) -> Table:
    columns = shown_figures(TABLE_FIGURES, report.charges_fee)
    place_headings = [_("District")] + ([_("Village")] if with_village else [])
    rows = [place_headings + [short_label(name) for name in columns]]
    for area in areas:
        place = [area.district or "–"] + ([area.village or "–"] if with_village else [])
        rows.append(place + [figure_text(area, name) for name in columns])
    table = Table(rows, repeatRows=1, hAlign="LEFT")
    table.setStyle(GRID)
    table.setStyle(TableStyle([("ALIGN", (0, 0), (len(place_headings) - 1, -1), "LEFT")]))
    return table


def report_pdf(report: MonthlyReport) -> bytes:
    """Lay out the report; the PDF's title names the office and the month."""
    styles = getSampleStyleSheet()
    title = _("Monthly report %(month)s", month=month_title(report))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{title} · {report.office.name}",
        author="Antar",
    )
    made_at = report.generated_at.astimezone(ZoneInfo(report.office.time_zone))
    generated = _(
        "Made on %(moment)s (%(zone)s).",
        moment=format_datetime(made_at, "medium", rebase=False),
        zone=report.office.time_zone,
    )
    story = [
        Paragraph(report.office.name, styles["Title"]),
        Paragraph(title, styles["Heading2"]),
        Paragraph(generated, styles["BodyText"]),
        Spacer(1, 4 * mm),
        summary_table(report),
        Spacer(1, 4 * mm),
        heading(_("Failed visits and why")),
        reasons_table(report.office_total),
        heading(_("By district")),
        areas_table(report, report.districts, with_village=False),
        heading(_("By village")),
        areas_table(report, report.villages, with_village=True),
        Spacer(1, 4 * mm),
        *[Paragraph(str(text), styles["BodyText"]) for text in EXPLANATIONS],
    ]
    document.build(story)
    return buffer.getvalue()
