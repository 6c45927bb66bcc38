"""The doorstep: one parcel, taking it onto the round, and recording what happened at the door."""

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from delivery.doorstep.form import DOOR_REASONS, read_client_event_id, read_occurred_at
from delivery.doorstep.operations import (
    AT_THE_DOOR,
    VisitResult,
    household_holders,
    parcel_for_courier,
    record_delivery,
    record_failed_attempt,
)
from delivery.doorstep.rule import allowed_relations, takes_back_old_card
from delivery.models import Parcel, ParcelStatus
from delivery.parcels.queries import office_parcel
from delivery.rounds.operations import ASSIGNABLE, SENT_OUT_WHEN_ASSIGNED, take_onto_round
from delivery.vocabulary import status_label
from delivery.web.courier import blueprint

PRIVATE_PAGE = {"Cache-Control": "private, no-cache"}


def courier():
    return current_user._get_current_object()


def openable_parcel_or_404(tracking_code: str) -> Parcel:
    """A parcel on the courier's round or on nobody's, in their office; else 404."""
    parcel = parcel_for_courier(courier(), tracking_code=tracking_code)
    if parcel is None:
        abort(404)
    return parcel


@blueprint.get("/parcels/<tracking_code>")
def doorstep(tracking_code: str):
    parcel = openable_parcel_or_404(tracking_code)
    page = render_template(
        "courier/doorstep.html",
        parcel=parcel,
        on_round=parcel.courier_id == current_user.id,
        may_take=parcel.status in ASSIGNABLE,
        may_send_out=parcel.status in SENT_OUT_WHEN_ASSIGNED,
        at_the_door=parcel.status in AT_THE_DOOR,
        holders=household_holders(parcel),
        relations=allowed_relations(parcel.office),
        takes_back_old_card=takes_back_old_card(parcel),
        reasons=DOOR_REASONS,
    )
    return page, 200, PRIVATE_PAGE


@blueprint.post("/parcels/<tracking_code>/take")
def take(tracking_code: str):
    """Take a parcel of the office; one on a colleague's round is refused as a conflict."""
    parcel = office_parcel(current_user.office_id, tracking_code)
    if parcel is None:
        abort(404)
    taken = take_onto_round(
        parcel,
        courier(),
        read_client_event_id(request.form.get("client_event_id")),
        read_occurred_at(request.form.get("occurred_at")),
    )
    message = (
        _("%(code)s is on your round now.", code=parcel.tracking_code)
        if taken
        else _("%(code)s was already on your round.", code=parcel.tracking_code)
    )
    return answer(parcel, message, 201 if taken else 200)


@blueprint.post("/parcels/<tracking_code>/delivered")
def delivered(tracking_code: str):
    parcel = openable_parcel_or_404(tracking_code)
    result = record_delivery(parcel, courier(), request.form, uploads())
    return visit_answer(parcel, result)


@blueprint.post("/parcels/<tracking_code>/failed")
def failed(tracking_code: str):
    parcel = openable_parcel_or_404(tracking_code)
    result = record_failed_attempt(parcel, courier(), request.form, uploads())
    return visit_answer(parcel, result)


def uploads() -> dict[str, bytes]:
    """The uploaded files' contents by field name."""
    return {name: upload.read() for name, upload in request.files.items()}


def visit_answer(parcel: Parcel, result: VisitResult):
    code = parcel.tracking_code
    if result.repeated:
        return answer(parcel, _("%(code)s: this record had already arrived.", code=code), 200)
    if result.attempt.delivered:
        message = _("Delivery of %(code)s recorded.", code=code)
    else:
        message = _("Failed attempt at %(code)s recorded.", code=code)
    if parcel.status == ParcelStatus.RETURNING:
        message += " " + _("The parcel goes back to the office.")
    return answer(parcel, message, 201)


def answer(parcel: Parcel, message: str, status: int):
    body = {
        "tracking_code": parcel.tracking_code,
        "status": parcel.status.value,
        "status_label": status_label(parcel.status),
        "message": message,
    }
    return jsonify(body), status
