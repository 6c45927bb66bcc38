"""The staff home: where the office's documents and parcels stand."""

from flask import render_template
from flask_login import current_user

from delivery.extensions import db
from delivery.models import Document, DocumentStatus, Parcel, ParcelStatus
from delivery.staff import blueprint


def count_by_status(model, status_enum) -> dict:
    """Count the office's rows of a model per status, listing every status."""
    rows = db.session.execute(
        db.select(model.status, db.func.count())
        .where(model.office_id == current_user.office_id)
        .group_by(model.status)
    )
    counts = dict.fromkeys(status_enum, 0)
    counts.update(dict(rows.all()))
    return counts


@blueprint.get("/")
def home():
    return render_template(
        "staff/home.html",
        document_counts=count_by_status(Document, DocumentStatus),
        parcel_counts=count_by_status(Parcel, ParcelStatus),
    )
