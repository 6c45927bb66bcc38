"""What a bulk action on a list acts on: the rows ticked on the page shown, or, when asked, every
row the list's filters match, on every page (read again when the action is sent)."""

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.intake.queries import find_documents, known_filters, office_documents
from delivery.models import Document, Parcel
from delivery.parcels.queries import office_parcel_list, office_parcels
from delivery.web.request_input import read_ids

LARGEST_SELECTION = 5_000  # as many parcels as one dispatch may send


def wants_all_matching() -> bool:
    return request.form.get("all_matching") == "1"


def chosen_parcels() -> list[Parcel]:
    """The parcels ticked, or all those the list's status filter matches."""
    if wants_all_matching():
        office_list = office_parcel_list(current_user.office_id, request.form.get("status", ""))
        return every_row(office_list)
    return office_parcels(current_user.office_id, request.form.getlist("tracking_code"))


def chosen_documents() -> list[Document]:
    """The documents ticked, or all those the list's filters and search match."""
    if wants_all_matching():
        search = request.form.get("q", "").strip()[:100], request.form.get("nik", "").strip()[:16]
        filters = known_filters(request.form)
        return every_row(office_documents(current_user.office_id, filters, *search))
    return find_documents(current_user.office_id, read_ids(request.form.getlist("document_id")))


def every_row(query: sa.Select) -> list:
    rows = db.session.scalars(query.limit(LARGEST_SELECTION + 1)).all()
    if len(rows) > LARGEST_SELECTION:
        raise DomainError(
            _(
                "More than %(count)d match; narrow the list with a filter first.",
                count=LARGEST_SELECTION,
            ),
            field="all_matching",
        )
    return list(rows)
