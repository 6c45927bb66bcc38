"""The document list: filters in the URL, free-text and NIK search by POST (never in a URL)."""

from collections.abc import Mapping

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.intake.operations import find_documents, mark_ready
from delivery.models import Document, DocumentStatus, DocumentType
from delivery.parcels.packing import pack_household_parcels
from delivery.web.request_input import read_ids
from delivery.web.staff import blueprint
from delivery.web.staff.refusals import refused

PAGE_SIZE = 50
FILTERS = ("status", "document_type", "village")


def known_filters(values: Mapping[str, str]) -> dict[str, str]:
    """Read the filters from a query string or a form, keeping only known values."""
    allowed = {
        "status": {s.value for s in DocumentStatus},
        "document_type": {t.value for t in DocumentType},
    }
    filters = {}
    for name in FILTERS:
        value = values.get(name, "").strip()
        if value and (name not in allowed or value in allowed[name]):
            filters[name] = value
    return filters


def list_filters() -> dict[str, str]:
    return known_filters(request.args)


def office_documents(filters: dict[str, str], text: str = "", nik: str = ""):
    """Build the query for the office's documents matching filters and search."""
    query = sa.select(Document).where(Document.office_id == current_user.office_id)
    for name, value in filters.items():
        query = query.where(getattr(Document, name) == value)
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(Document.holder_name).like(pattern),
                sa.func.lower(Document.recipient_name).like(pattern),
                sa.func.lower(Document.document_number).like(pattern),
                sa.func.lower(Document.village).like(pattern),
            )
        )
    if nik:
        query = query.where(Document.holder_nik == nik)
    return query.order_by(Document.id.desc())


def office_villages() -> list[str]:
    return list(
        db.session.scalars(
            sa.select(Document.village)
            .distinct()
            .where(Document.office_id == current_user.office_id)
            .order_by(Document.village)
        )
    )


def render_list(query, filters: dict[str, str], search: dict[str, str]):
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    page_query = query.options(selectinload(Document.parcel)).limit(PAGE_SIZE)
    documents = db.session.scalars(page_query.offset((page - 1) * PAGE_SIZE)).all()
    return render_template(
        "staff/documents.html",
        documents=documents,
        filters=filters,
        search=search,
        total=total,
        page=page,
        pages=pages,
        villages=office_villages(),
        statuses=list(DocumentStatus),
        types=list(DocumentType),
    )


@blueprint.get("/documents")
def documents():
    filters = list_filters()
    return render_list(office_documents(filters), filters, {})


@blueprint.post("/documents/search")
def search_documents():
    filters = known_filters(request.form)
    search = {
        "q": request.form.get("q", "").strip()[:100],
        "nik": "".join(request.form.get("nik", "").split())[:16],
    }
    return render_list(office_documents(filters, search["q"], search["nik"]), filters, search)


@blueprint.post("/documents/bulk")
def bulk_documents():
    ids = read_ids(request.form.getlist("document_id"))
    action = request.form.get("action")
    try:
        message = run_bulk_action(action, find_documents(current_user.office, ids))
    except DomainError as error:
        return refused(error, documents)
    flash(message, "success")
    return redirect(url_for("staff.documents", **list_filters_from_form()))


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
        made = pack_household_parcels(current_user.office, selected, current_user)
        return ngettext("Packed into %(num)d parcel.", "Packed into %(num)d parcels.", len(made))
    raise DomainError(_("Choose an action."), field="action")


def list_filters_from_form() -> dict[str, str]:
    return known_filters(request.form)
