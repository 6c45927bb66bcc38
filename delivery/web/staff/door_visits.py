"""What happened at the door, for staff: the proof of each visit, and parcels locked by codes."""

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.doorstep.queries import door_visits, office_visit_or_404
from delivery.doorstep.verification import locked_parcels, unlock
from delivery.doorstep.words import verification_label
from delivery.models import PersonalDataPlace
from delivery.offices.words import rupiah
from delivery.parcels.queries import office_parcel_or_404
from delivery.privacy.operations import record_view
from delivery.web.caching import PRIVATE_NOT_STORED
from delivery.web.staff import blueprint
from delivery.web.templating import template_helpers

PROOF_HEADERS = PRIVATE_NOT_STORED | {"X-Content-Type-Options": "nosniff"}


@blueprint.get("/parcels/<tracking_code>/visits/<int:visit_id>/photo")
def visit_photo(tracking_code: str, visit_id: int):
    visit = office_visit_or_404(current_user.office_id, tracking_code, visit_id)
    if not visit.photo:
        abort(404)
    record_view(visit.parcel, current_user._get_current_object(), PersonalDataPlace.PROOF_PHOTO)
    return Response(visit.photo, mimetype=visit.photo_content_type, headers=PROOF_HEADERS)


@blueprint.get("/parcels/<tracking_code>/visits/<int:visit_id>/signature")
def visit_signature(tracking_code: str, visit_id: int):
    visit = office_visit_or_404(current_user.office_id, tracking_code, visit_id)
    if not visit.signature_png:
        abort(404)
    record_view(visit.parcel, current_user._get_current_object(), PersonalDataPlace.SIGNATURE)
    return Response(visit.signature_png, mimetype="image/png", headers=PROOF_HEADERS)


@blueprint.get("/parcels/<tracking_code>/visits/<int:visit_id>/letter")
def visit_letter(tracking_code: str, visit_id: int):
    """The photo of the signed letter a representative showed at the door."""
    visit = office_visit_or_404(current_user.office_id, tracking_code, visit_id)
    if not visit.letter_photo:
        abort(404)
    record_view(
        visit.parcel, current_user._get_current_object(), PersonalDataPlace.REPRESENTATIVE_LETTER
    )
    return Response(
        visit.letter_photo, mimetype=visit.letter_photo_content_type, headers=PROOF_HEADERS
    )


@blueprint.post("/parcels/<tracking_code>/unlock")
def unlock_parcel(tracking_code: str):
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    unlock(parcel, current_user._get_current_object())
    flash(_("The parcel is unlocked; the courier can try the code again."), "success")
    return redirect(url_for("staff.parcel", tracking_code=tracking_code))


def locked_parcels_of_the_office() -> list:
    return locked_parcels(current_user.office_id)


@blueprint.context_processor
def door_visit_helpers() -> dict:
    """Let the parcel page show the visits and the dashboard the locked parcels."""
    return template_helpers(door_visits, locked_parcels_of_the_office, verification_label, rupiah)
