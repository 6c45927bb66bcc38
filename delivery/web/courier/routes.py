"""The courier's home: the parcels on their round, grouped by district and village."""

from itertools import groupby

from flask import render_template
from flask_login import current_user

from delivery.rounds.queries import geo_link, known_positions, parcels_on_round
from delivery.web.courier import blueprint


@blueprint.get("/")
def home():
    parcels = parcels_on_round(current_user.id)
    by_village = [
        (place, list(group))
        for place, group in groupby(parcels, lambda p: f"{p.village}, {p.district}")
    ]
    positions = known_positions(parcels)
    navigate = {parcel_id: geo_link(position) for parcel_id, position in positions.items()}
    return render_template(
        "courier/home.html", by_village=by_village, total=len(parcels), navigate=navigate
    )
