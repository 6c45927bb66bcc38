"""The courier's home: the parcels on their round, grouped by village."""

from flask import render_template
from flask_login import current_user

from delivery.rounds.queries import by_village, parcels_on_round
from delivery.web.courier import blueprint


@blueprint.get("/")
def home():
    parcels = parcels_on_round(current_user.id)
    return render_template("courier/home.html", by_village=by_village(parcels), total=len(parcels))
