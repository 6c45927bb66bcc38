"""The courier's home: the parcels on their round, grouped by village."""

from itertools import groupby

from flask import render_template
from flask_login import current_user

from delivery.core.extensions import db
from delivery.models import Parcel
from delivery.parcels.lifecycle import FINAL_STATUSES
from delivery.web.courier import blueprint


def parcels_on_round(courier_id: int) -> list[Parcel]:
    """Return the open parcels assigned to the courier, ordered for a round."""
    return list(
        db.session.scalars(
            db.select(Parcel)
            .where(Parcel.courier_id == courier_id, Parcel.status.not_in(FINAL_STATUSES))
            .order_by(Parcel.district, Parcel.village, Parcel.street)
        )
    )


@blueprint.get("/")
def home():
    parcels = parcels_on_round(current_user.id)
    by_village = [
        (village, list(group)) for village, group in groupby(parcels, lambda p: p.village)
    ]
    return render_template("courier/home.html", by_village=by_village, total=len(parcels))
