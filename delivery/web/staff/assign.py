"""Assigning the selected parcels to a courier's round."""

from flask import flash, redirect, request, url_for
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.rounds.operations import assign_parcels
from delivery.rounds.queries import office_couriers
from delivery.web.staff import blueprint
from delivery.web.staff.answers import refused
from delivery.web.staff.parcels import parcels as parcel_list
from delivery.web.staff.parcels import selected_parcels


@blueprint.post("/parcels/assign")
def assign_to_courier():
    try:
        parcels = assign_parcels(
            current_user.office,
            [parcel.tracking_code for parcel in selected_parcels()],
            request.form.get("courier_id"),
            current_user._get_current_object(),
        )
    except DomainError as error:
        return refused(error, parcel_list)
    courier = parcels[0].courier.full_name
    flash(
        ngettext(
            "%(num)d parcel is on %(courier)s's round.",
            "%(num)d parcels are on %(courier)s's round.",
            len(parcels),
            courier=courier,
        ),
        "success",
    )
    return redirect(url_for("staff.parcels"))


@blueprint.context_processor
def couriers_to_assign() -> dict:
    """Let the parcel list offer the office's couriers."""
    return {"couriers_of_the_office": lambda: office_couriers(current_user.office_id)}
