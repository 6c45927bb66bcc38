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


# each proof a visit may hold: where its views are recorded, and its bytes and type
PROOFS = {
    "photo": (PersonalDataPlace.PROOF_PHOTO, lambda v: (v.photo, v.photo_content_type)),
    "signature": (PersonalDataPlace.SIGNATURE, lambda v: (v.signature_png, "image/png")),
    "letter": (  # the signed letter a representative showed at the door
        PersonalDataPlace.REPRESENTATIVE_LETTER,
        lambda v: (v.letter_photo, v.letter_photo_content_type),
    ),
}


@blueprint.get(
    "/parcels/<tracking_code>/visits/<int:visit_id>/<any(photo, signature, letter):proof>"
)
def visit_proof(tracking_code: str, visit_id: int, proof: str):
    """One proof of a visit at the door, its view recorded."""
    visit = office_visit_or_404(current_user.office_id, tracking_code, visit_id)
    place, content_of = PROOFS[proof]
    content, content_type = content_of(visit)
    if not content:
        abort(404)
    record_view(visit.parcel, current_user._get_current_object(), place)
    return Response(content, mimetype=content_type, headers=PROOF_HEADERS)


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
