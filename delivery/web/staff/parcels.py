"""The parcel list, a parcel's page, packing everything ready, and unpacking."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.models import Parcel, ParcelStatus
from delivery.parcels.events import timeline
from delivery.parcels.packing import pack_household_parcels, unpack_parcel
from delivery.parcels.queries import office_parcel, office_parcels
from delivery.regions.queries import in_area, office_districts
from delivery.returns.operations import STAFF_DECISIONS
from delivery.web.staff import blueprint
from delivery.web.staff.refusals import refused

PAGE_SIZE = 50


def office_parcel_or_404(tracking_code: str) -> Parcel:
    parcel = office_parcel(current_user.office_id, tracking_code)
    if parcel is None:
        abort(404)
    return parcel


def selected_parcels() -> list[Parcel]:
    """The office's parcels ticked in the parcel list."""
    return office_parcels(current_user.office_id, request.form.getlist("tracking_code"))


@blueprint.get("/parcels")
def parcels():
    status = request.args.get("status", "")
    area = request.args.get("area", "")
    query = sa.select(Parcel).where(Parcel.office_id == current_user.office_id)
    if status in {s.value for s in ParcelStatus}:
        query = query.where(Parcel.status == status)
    districts = office_districts(current_user.office)
    if area in {district.code for district in districts}:
        query = query.where(in_area(area))
    page = max(request.args.get("page", 1, type=int), 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.options(selectinload(Parcel.documents))
        .order_by(Parcel.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "staff/parcels.html",
        parcels=rows,
        status=status,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        statuses=list(ParcelStatus),
        area=area,
        districts=districts,
    )


@blueprint.get("/parcels/<tracking_code>")
def parcel(tracking_code: str):
    return render_parcel(office_parcel_or_404(tracking_code))


def render_parcel(parcel: Parcel) -> str:
    return render_template(
        "staff/parcel.html", parcel=parcel, timeline=timeline(parcel), decisions=STAFF_DECISIONS
    )


@blueprint.post("/parcels/pack-all")
def pack_all():
    made = pack_household_parcels(current_user.office, None, current_user)
    if made:
        flash(
            ngettext("Packed into %(num)d parcel.", "Packed into %(num)d parcels.", len(made)),
            "success",
        )
    else:
        flash(_("No documents are ready to pack."), "info")
    return redirect(url_for("staff.parcels"))


@blueprint.post("/parcels/<tracking_code>/unpack")
def unpack(tracking_code: str):
    parcel = office_parcel_or_404(tracking_code)
    try:
        unpack_parcel(parcel, current_user)
    except DomainError as error:
        return refused(error, lambda: render_parcel(parcel))
    flash(_("Parcel unpacked; its documents are ready again."), "success")
    return redirect(url_for("staff.parcel", tracking_code=tracking_code))
