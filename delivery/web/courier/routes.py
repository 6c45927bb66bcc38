"""The courier's home: the parcels on their round in walking order, grouped by village."""

from flask import render_template
from flask_login import current_user

from delivery.rounds.queries import by_village, geo_link, known_positions, parcels_on_round
from delivery.web.courier import blueprint


@blueprint.get("/")
def home():
    parcels = parcels_on_round(current_user.id)
    positions = known_positions(parcels)
    navigate = {parcel_id: geo_link(position) for parcel_id, position in positions.items()}
    return render_template(
        "courier/home.html", by_village=by_village(parcels), total=len(parcels), navigate=navigate
    )
