"""The offices a supervisor oversees, side by side for a month, as a page or a CSV file."""

from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_login import current_user

from delivery.core.clock import utcnow
from delivery.models.office import DEFAULT_TIME_ZONE
from delivery.reports.files import offices_csv
from delivery.reports.periods import Month
from delivery.reports.queries import offices_side_by_side, supervised_offices
from delivery.reports.words import template_helpers
from delivery.web.caching import PRIVATE_NOT_STORED
from delivery.web.report_files import download
from delivery.web.supervisor import blueprint


def wanted_month() -> Month:
    """The month asked for, or the current one in Jakarta (each office counts on its clocks)."""
    text = request.args.get("month")
    return Month.parse(text) if text else Month.containing(utcnow(), ZoneInfo(DEFAULT_TIME_ZONE))


@blueprint.get("/")
def offices():
    month = wanted_month()
    rows, counted_at = offices_side_by_side(supervised_offices(current_user), month)
    if request.args.get("format") == "csv":
        return download(offices_csv(rows, month), "text/csv", f"antar-offices-{month}.csv")
    page = render_template(
        "supervisor/offices.html",
        rows=rows,
        month=month,
        counted_at=counted_at,
        province=current_user.supervised_province,
        **template_helpers(),
    )
    return page, 200, PRIVATE_NOT_STORED
