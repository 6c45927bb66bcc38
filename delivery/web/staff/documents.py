"""The document list: filters in the URL, free-text and NIK search by POST (never in a URL)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.core.paging import read_cursor, window_of
from delivery.intake.operations import mark_ready
from delivery.intake.queries import (
    NEWEST_DOCUMENTS_FIRST,
    known_filters,
    office_documents,
    office_villages,
    search_terms,
)
from delivery.models import Document, DocumentStatus, DocumentType
from delivery.parcels.packing import pack_household_parcels
from delivery.web.staff import blueprint
from delivery.web.staff.answers import refused
from delivery.web.staff.parcels import packed_message
from delivery.web.staff.selection import chosen_documents


def render_list(filters: dict[str, str], search: dict[str, str]):
    query = office_documents(current_user.office_id, filters, search["q"], search["nik"])
    return render_template(
        "staff/documents.html",
        page=window_of(query, NEWEST_DOCUMENTS_FIRST, read_cursor(request.values)),
        filters=filters,
        search=search,
        searching=any(search.values()),
        villages=office_villages(current_user.office_id),
        statuses=list(DocumentStatus),
        types=list(DocumentType),
    )


@blueprint.get("/documents")
def documents():
    return render_list(known_filters(request.args), {"q": "", "nik": ""})


@blueprint.post("/documents/search")
def search_documents():
    return render_list(known_filters(request.form), search_terms(request.form))


@blueprint.post("/documents/bulk")
def bulk_documents():
    action = request.form.get("action")
    try:
        message = run_bulk_action(action, chosen_documents())
    except DomainError as error:
        return refused(error, documents)
    flash(message, "success")
    return redirect(url_for("staff.documents", **known_filters(request.form)))


def run_bulk_action(action: str | None, selected: list[Document]) -> str:
    """Mark the selected documents ready or pack them; return what to tell the user."""
    if not selected:
        raise DomainError(_("Select at least one document first."), field="document_id")
    if action == "mark_ready":
        changed = mark_ready(current_user.office, selected, current_user)
        return ngettext(
            "%(num)d document marked ready.", "%(num)d documents marked ready.", changed
        )
    if action == "pack":
        return packed_message(pack_household_parcels(current_user.office, selected, current_user))
    raise DomainError(_("Choose an action."), field="action")
