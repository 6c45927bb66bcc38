"""Parcels coming back: receive them at the office, hand them over, send again, or decide."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.paging import read_cursor, window_of
from delivery.models import Parcel
from delivery.parcels.queries import office_parcel_or_404
from delivery.returns import operations as returns
from delivery.returns.queries import (
    LONGEST_WAITING_FIRST,
    counter_collection,
    parcels_coming_back,
)
from delivery.web.staff import blueprint
from delivery.web.staff.answers import done_or_refused
from delivery.web.staff.parcels import render_parcel


@blueprint.get("/returns")
def returns_page():
    coming_back = parcels_coming_back(current_user.office_id)
    return render_template(
        "staff/returns.html",
        page=window_of(coming_back, LONGEST_WAITING_FIRST, read_cursor(request.args)),
    )


@blueprint.post("/returns/receive")
def receive_returned():
    def receive() -> Parcel:
        parcel = office_parcel_or_404(current_user.office_id, request.form.get("tracking_code", ""))
        returns.receive_back(parcel, current_user)
        return parcel

    return done_or_refused(
        receive,
        returns_page,
        lambda parcel: _("Parcel %(code)s is back at the office.", code=parcel.tracking_code),
        url_for("staff.returns_page"),
    )


@blueprint.post("/parcels/<tracking_code>/collect")
def collect(tracking_code: str):
    form = request.form
    return run_parcel_action(
        tracking_code,
        lambda parcel: returns.record_collection(
            parcel,
            form.get("receiver_name", ""),
            form.get("id_shown", ""),
            form.get("id_last_digits", ""),
            current_user,
        ),
        _("Collection recorded."),
    )


@blueprint.post("/parcels/<tracking_code>/send-again")
def send_again(tracking_code: str):
    return run_parcel_action(
        tracking_code,
        lambda parcel: returns.send_again(parcel, current_user),
        _("The parcel is ready to be dispatched again."),
    )


@blueprint.post("/parcels/<tracking_code>/decide")
def decide(tracking_code: str):
    decision = request.form.get("decision", "")
    return run_parcel_action(
        tracking_code,
        lambda parcel: returns.resolve_exception(parcel, decision, current_user),
        _("Decision recorded."),
    )


def run_parcel_action(tracking_code: str, action, success: str):
    """Run a staff action on the office's parcel and go back to it; a refusal is a 4xx page."""
    parcel = office_parcel_or_404(current_user.office_id, tracking_code)
    return done_or_refused(
        lambda: action(parcel),
        lambda: render_parcel(parcel),
        success,
        url_for("staff.parcel", tracking_code=parcel.tracking_code),
    )


@blueprint.context_processor
def counter_helpers() -> dict:
    """Let the parcel page show a handover at the counter apart from the visits at the door."""
    return {"counter_collection": counter_collection}
