"""The address check before dispatch, fixing or confirming a parcel's address, parcels by area,
and what residents chose and the carrier was told, on the parcel's page."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.instructions.operations import parcel_instructions
from delivery.instructions.words import instruction_label, instruction_state_label
from delivery.parcels.queries import office_parcel_or_404
from delivery.regions import operations
from delivery.regions.quality import address_problems, addresses_to_check, problem_label
from delivery.regions.queries import counts_by_area
from delivery.resident.help_words import choice_text, kind_label
from delivery.resident.requests import current_choices, held_for_counter
from delivery.web.staff import blueprint
from delivery.web.staff.answers import done_or_refused
from delivery.web.staff.parcels import render_parcel


@blueprint.get("/addresses")
def address_check():
    unchecked = addresses_to_check(current_user.office_id)
    return render_template("staff/addresses.html", unchecked=unchecked)


@blueprint.get("/areas")
def areas():
    return render_template("staff/areas.html", areas=counts_by_area(current_user.office_id))


@blueprint.post("/parcels/<tracking_code>/address")
def edit_address(tracking_code: str):
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    return done_or_refused(
        lambda: operations.edit_address(parcel, request.form, current_user),
        lambda: render_parcel(parcel),
        _("Address changed; the label shows the new one."),
        url_for("staff.parcel", tracking_code=parcel.tracking_code),
    )


@blueprint.post("/parcels/<tracking_code>/address/confirm")
def confirm_address(tracking_code: str):
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    back_to_check = request.form.get("next") == "check"
    return done_or_refused(
        lambda: operations.confirm_address(parcel, current_user),
        lambda: render_parcel(parcel),
        _("Address confirmed for dispatch."),
        url_for("staff.address_check")
        if back_to_check
        else url_for("staff.parcel", tracking_code=parcel.tracking_code),
    )


@blueprint.context_processor
def address_helpers() -> dict:
    return {
        "address_problems": address_problems,
        "problem_label": problem_label,
        "resident_choices": current_choices,
        "carrier_instructions": parcel_instructions,
        "instruction_label": instruction_label,
        "instruction_state_label": instruction_state_label,
        "held_for_counter": held_for_counter,
        "kind_label": kind_label,
        "choice_text": choice_text,
    }
