"""What a bulk action on a list acts on: the rows ticked on the page shown, or, when asked, every
row the list's filters match, on every page (read again when the action is sent)."""

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.intake.queries import (
    FILTER_VALUES,
    find_documents,
    known_filters,
    office_documents,
    search_terms,
)
from delivery.models import Document, Parcel, ParcelStatus
from delivery.parcels.queries import office_parcel_list, office_parcels
from delivery.regions.queries import office_districts
from delivery.web.request_input import read_ids
from delivery.web.staff import blueprint

LARGEST_SELECTION = 5_000  # as many parcels as one dispatch may send


def wants_all_matching() -> bool:
    return request.form.get("all_matching") == "1"


def chosen_parcels() -> list[Parcel]:
    """The parcels ticked, or all those the list's status and area filters match."""
    if wants_all_matching():
        status, area = request.form.get("status", ""), request.form.get("area", "")
        refuse_unknown("status", status, set(ParcelStatus))
        refuse_unknown("area", area, office_district_codes())
        return every_row(office_parcel_list(current_user.office_id, status, area))
    return office_parcels(current_user.office_id, request.form.getlist("tracking_code"))


def chosen_documents() -> list[Document]:
    """The documents ticked, or all those the list's filters and search match."""
    if wants_all_matching():
        filters = known_filters(request.form)
        for name in FILTER_VALUES:
            if request.form.get(name, "").strip() and name not in filters:
                raise unknown_filter(name)
        search = search_terms(request.form)
        query = office_documents(current_user.office_id, filters, search["q"], search["nik"])
        return every_row(query)
    return find_documents(current_user.office_id, read_ids(request.form.getlist("document_id")))


def office_district_codes() -> set[str]:
    return {district.code for district in office_districts(current_user.office)}


def refuse_unknown(name: str, value: str, known: set[str]) -> None:
    """Refuse to act on "all matching" a filter value the list could not have shown, rather
    than on more than the list showed."""
    if value and value not in known:
        raise unknown_filter(name)


def unknown_filter(name: str) -> DomainError:
    return DomainError(
        _("This filter has a value the list does not know; filter the list again."), field=name
    )


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


@blueprint.context_processor
def selection_limit() -> dict:
    """Let a list offer "all matching" only when one action may take them all."""
    return {"largest_selection": LARGEST_SELECTION}
