"""Labels through the API: one parcel's PDF, or a batch in any format."""

import sqlalchemy as sa
from flask import Response, g

from delivery.api import blueprint
from delivery.api.auth import token_required
from delivery.api.dispatches import parcels_named
from delivery.api.documents import STAFF_ROLES
from delivery.api.parcels import office_parcel
from delivery.api.payloads import json_body
from delivery.database import db
from delivery.models import Parcel
from delivery.printing import PrintFile, render_labels


def file_response(printed: PrintFile) -> Response:
    return Response(
        printed.content,
        mimetype=printed.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{printed.filename}"'},
    )


@blueprint.get("/parcels/<tracking_code>/label.pdf")
@token_required(*STAFF_ROLES)
def parcel_label_pdf(tracking_code: str):
    return file_response(render_labels([office_parcel(g.api_user.office, tracking_code)], "pdf"))


@blueprint.post("/labels")
@token_required(*STAFF_ROLES)
def labels_for_parcels():
    body = json_body()
    body = body if isinstance(body, dict) else {}
    parcels = parcels_named(g.api_user.office_id, body.get("parcels"))
    ordered = db.session.scalars(
        sa.select(Parcel)
        .where(Parcel.id.in_([parcel.id for parcel in parcels]))
        .order_by(Parcel.id)
    ).all()
    return file_response(render_labels(ordered, str(body.get("format", "pdf"))))
