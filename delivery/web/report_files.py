"""The monthly report as a download: the same answer for staff pages and the API."""

from enum import StrEnum

from flask import Response, jsonify
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.reports.figures import MonthlyReport
from delivery.reports.files import report_csv, report_filename
from delivery.reports.pdf import report_pdf
from delivery.web.caching import PRIVATE_NOT_STORED


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    PDF = "pdf"


def read_report_format(text: str | None, default: ReportFormat) -> ReportFormat:
    """Read the wanted format; anything but json, csv or pdf is refused naming the field."""
    if text is None:
        return default
    try:
        return ReportFormat(text)
    except ValueError:
        raise DomainError(_("The format must be json, csv or pdf."), field="format") from None


def download(body: str | bytes, mimetype: str, filename: str) -> Response:
    headers = PRIVATE_NOT_STORED | {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, mimetype=mimetype, headers=headers)


def report_response(report: MonthlyReport, wanted: ReportFormat) -> Response:
    if wanted == ReportFormat.CSV:
        filename = report_filename(report, "csv")
        return download(report_csv(report), "text/csv", filename)
    if wanted == ReportFormat.PDF:
        return download(report_pdf(report), "application/pdf", report_filename(report, "pdf"))
    response = jsonify(report.as_dict())
    response.headers.update(PRIVATE_NOT_STORED)
    return response
