"""Labels through the API: one parcel's PDF, or a batch in any format."""

from flask import g

from delivery.parcels.queries import office_parcel_or_404
from delivery.printing.operations import download_response, render_labels
from delivery.web.api import blueprint
from delivery.web.api.auth import STAFF_ROLES, token_required
from delivery.web.api.dispatches import parcels_named
from delivery.web.api.payloads import json_object


@blueprint.get("/parcels/<code:tracking_code>/label.pdf")
@token_required(*STAFF_ROLES)
def parcel_label_pdf(tracking_code: str):
    parcel = office_parcel_or_404(g.api_user.office_id, tracking_code)
    return download_response(render_labels([parcel], "pdf"))


@blueprint.post("/labels")
@token_required(*STAFF_ROLES)
def labels_for_parcels():
    body = json_object()
    parcels = parcels_named(g.api_user.office_id, body.get("parcels"))
    return download_response(render_labels(parcels, str(body.get("format", "pdf"))))
