"""The office's monthly report: a page, and the same figures as CSV or PDF."""

from flask import render_template, request
from flask_login import current_user

from delivery.core.clock import office_zone, utcnow
from delivery.reports.periods import Month
from delivery.reports.queries import monthly_report
from delivery.reports.words import template_helpers
from delivery.web.report_files import ReportFormat, read_report_format, report_response
from delivery.web.staff import blueprint

PAGE = "html"


def wanted_month() -> Month:
    """The month asked for, or the office's current month."""
    text = request.args.get("month")
    if not text:
        return Month.containing(utcnow(), office_zone(current_user.office))
    return Month.parse(text)


@blueprint.get("/reports")
def reports():
    month = wanted_month()
    report = monthly_report(current_user.office, month)
    if request.args.get("format", PAGE) != PAGE:
        return report_response(report, read_report_format(request.args["format"], ReportFormat.PDF))
    return render_template(
        "staff/reports.html",
        report=report,
        month=month,
        **template_helpers(),
    )
