"""The parcel list, a parcel's page, packing everything ready, and unpacking."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.paging import read_cursor, window_of
from delivery.models import Parcel, ParcelStatus, PersonalDataPlace
from delivery.parcels.events import timeline
from delivery.parcels.lifecycle import DECISIONS_ON_AN_EXCEPTION
from delivery.parcels.packing import pack_household_parcels, unpack_parcel
from delivery.parcels.queries import (
    NEWEST_PARCELS_FIRST,
    office_parcel_list,
    office_parcel_or_404,
)
from delivery.privacy.operations import record_view
from delivery.regions.queries import office_districts
from delivery.web.staff import blueprint
from delivery.web.staff.answers import done_or_refused
from delivery.web.staff.selection import chosen_parcels


def selected_parcels() -> list[Parcel]:
    """The office's parcels ticked in the parcel list, or all it matches when asked."""
    return chosen_parcels()


@blueprint.get("/parcels")
def parcels():
    status = request.args.get("status", "")
    area = request.args.get("area", "")
    districts = {district.code: district.name for district in office_districts(current_user.office)}
    query = office_parcel_list(current_user.office_id, status, area if area in districts else "")
    return render_template(
        "staff/parcels.html",
        page=window_of(query, NEWEST_PARCELS_FIRST, read_cursor(request.args)),
        status=status,
        statuses=list(ParcelStatus),
        area=area,
        districts=districts,
    )


@blueprint.get("/parcels/<tracking_code>")
def parcel(tracking_code: str):
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    record_view(parcel, current_user._get_current_object(), PersonalDataPlace.STAFF_PARCEL_PAGE)
    return render_parcel(parcel)


def render_parcel(parcel: Parcel) -> str:
    return render_template(
        "staff/parcel.html",
        parcel=parcel,
        timeline=timeline(parcel),
        decisions=DECISIONS_ON_AN_EXCEPTION,
    )


def packed_message(parcels: list[Parcel]) -> str:
    return ngettext("Packed into %(num)d parcel.", "Packed into %(num)d parcels.", len(parcels))


@blueprint.post("/parcels/pack-all")
def pack_all():
    made = pack_household_parcels(current_user.office, None, current_user)
    if made:
        flash(packed_message(made), "success")
    else:
        flash(_("No documents are ready to pack."), "info")
    return redirect(url_for("staff.parcels"))


@blueprint.post("/parcels/<tracking_code>/unpack")
def unpack(tracking_code: str):
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    return done_or_refused(
        lambda: unpack_parcel(parcel, current_user),
        lambda: render_parcel(parcel),
        _("Parcel unpacked; its documents are ready again."),
        url_for("staff.parcel", tracking_code=parcel.tracking_code),
    )
