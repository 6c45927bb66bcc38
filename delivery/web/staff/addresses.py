"""The address check before dispatch, fixing or confirming a parcel's address, and what
residents chose and the carrier was told, on the parcel's page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.instructions.operations import parcel_instructions
from delivery.instructions.words import instruction_label, instruction_state_label
from delivery.regions import operations
from delivery.regions.quality import address_problems, addresses_to_check, problem_label
from delivery.regions.queries import counts_by_area
from delivery.resident.requests import current_choices, held_for_counter
from delivery.web.staff import blueprint
from delivery.web.staff.parcels import office_parcel_or_404, render_parcel
from delivery.web.staff.refusals import refused


@blueprint.get("/addresses")
def address_check():
    return render_template(
        "staff/addresses.html", unchecked=addresses_to_check(current_user.office_id)
    )


@blueprint.get("/areas")
def areas():
    return render_template("staff/areas.html", areas=counts_by_area(current_user.office_id))


@blueprint.post("/parcels/<tracking_code>/address")
def edit_address(tracking_code: str):
    parcel = office_parcel_or_404(tracking_code)
    try:
        operations.edit_address(parcel, request.form, current_user)
    except DomainError as error:
        return refused(error, lambda: render_parcel(parcel))
    flash(_("Address changed; the label shows the new one."), "success")
    return redirect(url_for("staff.parcel", tracking_code=parcel.tracking_code))


@blueprint.post("/parcels/<tracking_code>/address/confirm")
def confirm_address(tracking_code: str):
    parcel = office_parcel_or_404(tracking_code)
    try:
        operations.confirm_address(parcel, current_user)
    except DomainError as error:
        return refused(error, lambda: render_parcel(parcel))
    flash(_("Address confirmed for dispatch."), "success")
    if request.form.get("next") == "check":
        return redirect(url_for("staff.address_check"))
    return redirect(url_for("staff.parcel", tracking_code=parcel.tracking_code))


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
    }
