"""Dispatching parcels as batches, following a batch, pickups, and retrying a submission."""

from dataclasses import asdict

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.core.paging import read_cursor, window_of
from delivery.dispatch.failures import failure_sentence
from delivery.dispatch.operations import (
    batch_progress,
    batches_progress,
    dispatch_parcels,
    request_pickup,
    retry_submission,
)
from delivery.dispatch.queries import (
    BATCHES_PER_PAGE,
    NEWEST_BATCHES_FIRST,
    batch_parcels,
    office_batch_or_404,
    office_batches,
    office_shipment_or_404,
)
from delivery.models import DispatchBatch
from delivery.web.redirects import same_site_path
from delivery.web.staff import blueprint
from delivery.web.staff.answers import done_or_refused, refused
from delivery.web.staff.parcels import parcels, render_parcel, selected_parcels


@blueprint.get("/dispatches")
def dispatches():
    batches = office_batches(current_user.office_id)
    cursor = read_cursor(request.args)
    page = window_of(batches, NEWEST_BATCHES_FIRST, cursor, BATCHES_PER_PAGE)
    return render_template(
        "staff/dispatches.html",
        page=page,
        progress_by_batch=batches_progress([batch.id for batch in page.rows]),
    )


@blueprint.post("/dispatches")
def dispatch():
    try:
        batch = dispatch_parcels(current_user.office, selected_parcels(), current_user)
    except DomainError as error:
        return refused(error, parcels)
    return redirect(url_for("staff.dispatch_batch", batch_id=batch.id))


@blueprint.get("/dispatches/<int:batch_id>")
def dispatch_batch(batch_id: int):
    return render_batch(office_batch_or_404(current_user.office_id, batch_id))


def render_batch(batch: DispatchBatch) -> str:
    """The batch page: progress, hand-over, and its parcels with their shipments."""
    return render_template(
        "staff/dispatch.html",
        batch=batch,
        parcels=batch_parcels(batch),
        progress=batch_progress(batch),
    )


@blueprint.get("/dispatches/<int:batch_id>/progress")
def dispatch_progress(batch_id: int):
    progress = batch_progress(office_batch_or_404(current_user.office_id, batch_id))
    return jsonify(asdict(progress) | {"finished": progress.finished})


@blueprint.post("/dispatches/<int:batch_id>/pickup")
def dispatch_pickup(batch_id: int):
    batch = office_batch_or_404(current_user.office_id, batch_id)
    return done_or_refused(
        lambda: request_pickup(batch, current_user),
        lambda: render_batch(batch),
        lambda pickup: _("Pickup %(pickup)s requested from the postal service.", pickup=pickup),
        url_for("staff.dispatch_batch", batch_id=batch.id),
    )


@blueprint.post("/shipments/<int:shipment_id>/retry")
def retry_shipment(shipment_id: int):
    shipment = office_shipment_or_404(current_user.office_id, shipment_id)
    return done_or_refused(
        lambda: retry_submission(shipment, current_user),
        lambda: render_parcel(shipment.parcel),
        _("Sending parcel %(code)s again.", code=shipment.parcel.tracking_code),
        same_site_path(request.form.get("next", "")) or url_for("staff.home"),
    )


@blueprint.context_processor
def submission_failure_words() -> dict:
    """Let staff pages say why the carrier did not take a shipment."""
    return {"submission_failure": failure_sentence}
