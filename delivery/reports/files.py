"""The monthly report as a CSV file: one row for the office, each district and each village."""

import csv
import io

from delivery.reports.figures import FIGURE_NAMES, REASON_KEYS, AreaFigures, MonthlyReport

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
