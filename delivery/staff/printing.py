"""Printing labels for parcels and the handover manifest of a batch."""

import sqlalchemy as sa
from flask import Response, flash, redirect, request, url_for
from flask_login import current_user

from delivery.database import db
from delivery.errors import DomainError
from delivery.models import Parcel
from delivery.printing import PrintFile, render_labels, render_manifest
from delivery.staff import blueprint
from delivery.staff.dispatch import office_batch_or_404
from delivery.staff.parcels import office_parcel_or_404


def download(printed: PrintFile) -> Response:
    return Response(
        printed.content,
        mimetype=printed.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{printed.filename}"'},
    )


@blueprint.post("/labels")
def print_labels():
    codes = request.form.getlist("tracking_code")
    parcels = db.session.scalars(
        sa.select(Parcel)
        .where(Parcel.office_id == current_user.office_id, Parcel.tracking_code.in_(codes))
        .order_by(Parcel.district, Parcel.village, Parcel.id)
    ).all()
    try:
        return download(render_labels(parcels, request.form.get("format", "pdf")))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("staff.parcels"))


@blueprint.get("/parcels/<tracking_code>/label.<label_format>")
def parcel_label(tracking_code: str, label_format: str):
    return download(render_labels([office_parcel_or_404(tracking_code)], label_format))


@blueprint.get("/dispatches/<int:batch_id>/manifest.pdf")
def dispatch_manifest(batch_id: int):
    return download(render_manifest(office_batch_or_404(batch_id)))
