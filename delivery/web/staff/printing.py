"""Printing labels for parcels and the handover manifest of a batch."""

from flask import request
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.dispatch.queries import office_batch_or_404
from delivery.parcels.queries import office_parcel_or_404
from delivery.printing.operations import download_response, render_labels, render_manifest
from delivery.web.staff import blueprint
from delivery.web.staff.answers import refused
from delivery.web.staff.parcels import parcels, selected_parcels


@blueprint.post("/labels")
def print_labels():
    try:
        printed = render_labels(selected_parcels(), request.form.get("format", "pdf"))
    except DomainError as error:
        return refused(error, parcels)
    return download_response(printed)


@blueprint.get("/parcels/<tracking_code>/label.<label_format>")
def parcel_label(tracking_code: str, label_format: str):
    return download_response(
        render_labels([office_parcel_or_404(current_user.office_id, tracking_code)], label_format)
    )


@blueprint.get("/dispatches/<int:batch_id>/manifest.pdf")
def dispatch_manifest(batch_id: int):
    return download_response(render_manifest(office_batch_or_404(current_user.office_id, batch_id)))
