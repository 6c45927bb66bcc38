"""Parcels coming back: receive them at the office, hand them over, send again, or decide."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.database import db
from delivery.core.errors import DomainError, NotFound
from delivery.models import Parcel
from delivery.parcels.codes import normalize_tracking_code
from delivery.parcels.lifecycle import COMING_BACK
from delivery.parcels.queries import office_parcel
from delivery.returns import operations as returns
from delivery.web.staff import blueprint
from delivery.web.staff.parcels import office_parcel_or_404, render_parcel
from delivery.web.staff.refusals import refused


@blueprint.get("/returns")
def returns_page():
    parcels = db.session.scalars(
        sa.select(Parcel)
        .where(
            Parcel.office_id == current_user.office_id,
            Parcel.status.in_(COMING_BACK),
        )
        .order_by(Parcel.status_changed_at)
    ).all()
    return render_template("staff/returns.html", parcels=parcels)


@blueprint.post("/returns/receive")
def receive_returned():
    code = normalize_tracking_code(request.form.get("tracking_code", ""))
    parcel = office_parcel(current_user.office_id, code)
    if parcel is None:
        message = _("No parcel with the code %(code)s in this office.", code=code)
        return refused(NotFound(message, field="tracking_code"), returns_page)
    return run_action(
        parcel,
        lambda: returns.receive_back(parcel, current_user),
        _("Parcel %(code)s is back at the office.", code=parcel.tracking_code),
        url_for("staff.returns_page"),
    )


@blueprint.post("/parcels/<tracking_code>/collect")
def collect(tracking_code: str):
    parcel = office_parcel_or_404(tracking_code)
    form = request.form
    return run_action(
        parcel,
        lambda: returns.record_collection(
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
    parcel = office_parcel_or_404(tracking_code)
    return run_action(
        parcel,
        lambda: returns.send_again(parcel, current_user),
        _("The parcel is ready to be dispatched again."),
    )


@blueprint.post("/parcels/<tracking_code>/decide")
def decide(tracking_code: str):
    parcel = office_parcel_or_404(tracking_code)
    decision = request.form.get("decision", "")
    return run_action(
        parcel,
        lambda: returns.resolve_exception(parcel, decision, current_user),
        _("Decision recorded."),
    )


def run_action(parcel: Parcel, action, success: str, next_url: str | None = None):
    """Run a staff action and go back to the parcel (or next_url); a refusal is a 4xx page."""
    try:
        action()
    except DomainError as error:
        page = returns_page if next_url else (lambda: render_parcel(parcel))
        return refused(error, page)
    flash(success, "success")
    return redirect(next_url or url_for("staff.parcel", tracking_code=parcel.tracking_code))


@blueprint.context_processor
def counter_helpers() -> dict:
    """Let the parcel page show a handover at the counter apart from the visits at the door."""
    return {"counter_collection": returns.counter_collection}
