"""The doorstep: one parcel, taking it onto the round, and recording what happened at the door."""

from flask import abort, jsonify, render_template, request
from flask_login import current_user

from delivery.doorstep.form import DOOR_REASONS, read_client_event_id, read_occurred_at
from delivery.doorstep.operations import (
    VisitResult,
    record_delivery,
    record_failed_attempt,
)
from delivery.doorstep.queries import doorstep_choices, parcel_for_courier
from delivery.doorstep.words import taken_sentence, visit_sentence
from delivery.models import Parcel
from delivery.parcels.queries import office_parcel_or_404
from delivery.rounds.operations import take_onto_round
from delivery.vocabulary import status_label
from delivery.web.caching import PRIVATE_REVALIDATED
from delivery.web.courier import blueprint


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
        door=doorstep_choices(parcel, courier()),
        reasons=DOOR_REASONS,
    )
    return page, 200, PRIVATE_REVALIDATED


@blueprint.post("/parcels/<tracking_code>/take")
def take(tracking_code: str):
    """Take a parcel of the office; one on a colleague's round is refused as a conflict."""
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    taken = take_onto_round(
        parcel,
        courier(),
        read_client_event_id(request.form.get("client_event_id")),
        read_occurred_at(request.form.get("occurred_at")),
    )
    return parcel_answer(parcel, taken_sentence(parcel.tracking_code, taken), 201 if taken else 200)


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
    message = visit_sentence(parcel, result.attempt.delivered, result.repeated)
    return parcel_answer(parcel, message, 200 if result.repeated else 201)


def parcel_answer(parcel: Parcel, message: str, status: int):
    """Answer the phone's queue with the parcel's status now and what became of its record."""
    body = {
        "tracking_code": parcel.tracking_code,
        "status": parcel.status.value,
        "status_label": status_label(parcel.status),
        "message": message,
    }
    return jsonify(body), status
