"""Dispatch batches through the API: send parcels, then follow the batch's progress."""

from flask import g, jsonify
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.dispatch.operations import batch_progress, dispatch_parcels
from delivery.dispatch.queries import office_batch_or_404
from delivery.models import DispatchBatch, Parcel
from delivery.parcels.queries import office_parcels_named
from delivery.web.api import blueprint
from delivery.web.api.auth import STAFF_ROLES, token_required
from delivery.web.api.payloads import json_object
from delivery.web.request_input import is_sent_text

MAX_PARCELS_PER_REQUEST = 5_000


def parcels_named(office_id: int, codes: object) -> list[Parcel]:
    """Return the office's parcels for a list of tracking codes, naming any unknown one."""
    if not isinstance(codes, list) or not codes or not all(is_sent_text(c) for c in codes):
        raise DomainError(_('Send {"parcels": ["AN-…", …]} with tracking codes.'), field="parcels")
    if len(codes) > MAX_PARCELS_PER_REQUEST:
        raise DomainError(
            _("Send at most %(count)d parcels at once.", count=MAX_PARCELS_PER_REQUEST),
            field="parcels",
        )
    return office_parcels_named(office_id, codes)


def progress_json(batch: DispatchBatch) -> dict:
    progress = batch_progress(batch)
    return {
        "id": batch.id,
        "total": progress.total,
        "submitted": progress.submitted,
        "failed": progress.failed,
        "waiting": progress.waiting,
        "pickup": batch.pickup_reference,
        "created_at": batch.created_at.isoformat(),
    }


@blueprint.post("/dispatches")
@token_required(*STAFF_ROLES)
def create_dispatch():
    codes = json_object().get("parcels")
    batch = dispatch_parcels(
        g.api_user.office, parcels_named(g.api_user.office_id, codes), g.api_user
    )
    return jsonify(progress_json(batch)), 202


@blueprint.get("/dispatches/<int:batch_id>")
@token_required(*STAFF_ROLES)
def show_dispatch(batch_id: int):
    return jsonify(progress_json(office_batch_or_404(g.api_user.office_id, batch_id)))
