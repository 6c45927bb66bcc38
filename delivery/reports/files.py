"""The monthly figures as CSV files: an office's (one row for the office, each district and
each village), and offices side by side (one row per office)."""

import csv
import io

from delivery.models import Office
from delivery.reports.figures import FIGURE_NAMES, REASON_KEYS, AreaFigures, MonthlyReport
from delivery.reports.periods import Month

CSV_COLUMNS = [
    "office",
    "month",
    "level",
    "district",
    "village",
    *FIGURE_NAMES,
    *(f"failed_{reason}" for reason in REASON_KEYS),
]


def report_filename(report: MonthlyReport, extension: str) -> str:
    return f"antar-{report.office.code.lower()}-{report.month}.{extension}"


def csv_row(report: MonthlyReport, level: str, area: AreaFigures) -> list:
    values = [getattr(area, name) for name in FIGURE_NAMES]
    reasons = [area.failure_reasons.get(reason, 0) for reason in REASON_KEYS]
    place = [area.district or "", area.village or ""]
    return [report.office.code, str(report.month), level, *place, *values, *reasons]


def report_csv(report: MonthlyReport) -> str:
    """Machine-readable columns (as the JSON's keys); an empty cell where nothing was counted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow(csv_row(report, "office", report.office_total))
    writer.writerows(csv_row(report, "district", area) for area in report.districts)
    writer.writerows(csv_row(report, "village", area) for area in report.villages)
    return out.getvalue()


OFFICE_COLUMNS = [
    "office",
    "office_name",
    "province",
    "regency",
    "month",
    *FIGURE_NAMES,
    *(f"failed_{reason}" for reason in REASON_KEYS),
]


def offices_csv(rows: list[tuple[Office, AreaFigures]], month: Month) -> str:
    """Offices side by side: one row per office, the same figure columns as an office's CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(OFFICE_COLUMNS)
    for office, area in rows:
        values = [getattr(area, name) for name in FIGURE_NAMES]
        reasons = [area.failure_reasons.get(reason, 0) for reason in REASON_KEYS]
        names = [office.code, office.name, office.province, office.regency, str(month)]
        writer.writerow([*names, *values, *reasons])
    return out.getvalue()
