"""The office's audit trail: filtered by person, parcel, action and date; as CSV."""

from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from delivery.audit_trail import queries
from delivery.audit_trail.csv_export import audit_csv
from delivery.core.errors import DomainError
from delivery.web.admin import blueprint
from delivery.web.admin.forms import refused_form

FILTER_FIELDS = ("person", "tracking_code", "action", "since", "until")


def read_day(field: str) -> date | None:
    text = request.args.get(field, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("Give a date as YYYY-MM-DD."), field=field) from None


def read_filter() -> queries.AuditFilter:
    args = request.args
    return queries.AuditFilter(
        person=args.get("person", "").strip()[:100],
        tracking_code=args.get("tracking_code", "").strip()[:20],
        action=args.get("action", "").strip()[:64],
        since=read_day("since"),
        until=read_day("until"),
    )


def audit_page(errors: dict | None = None, wanted: queries.AuditFilter | None = None) -> str:
    office = current_user.office
    wanted = wanted or queries.AuditFilter()
    number = max(request.args.get("page", 1, type=int), 1)
    page, rows = queries.page_of_entries(office, wanted, number)
    people, actions = queries.people_and_actions(office)
    return render_template(
        "admin/audit.html",
        rows=rows,
        page=page,
        people=people,
        actions=actions,
        values={field: request.args.get(field, "") for field in FILTER_FIELDS},
        errors=errors or {},
        written=queries.written,
    )


@blueprint.get("/audit")
def audit():
    try:
        wanted = read_filter()
    except DomainError as error:
        return refused_form(error, audit_page)
    return audit_page(wanted=wanted)


@blueprint.get("/audit.csv")
def audit_export():
    rows = queries.every_entry(current_user.office, read_filter())
    filename = f"audit-{current_user.office.code}.csv"
    return Response(
        audit_csv(current_user.office, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
