"""What staff do at the office, through the API: the carrier's pickup for a batch, returned
parcels received back, a collection at the counter, and the parcels changed since a moment."""

from datetime import UTC, datetime

from flask import g, jsonify, request
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.dispatch.operations import request_pickup
from delivery.dispatch.queries import office_batch_or_404
from delivery.parcels.changes import parcels_changed_since
from delivery.parcels.queries import office_parcel_or_404
from delivery.returns.operations import receive_all_back, record_collection
from delivery.web.api import blueprint
from delivery.web.api.auth import STAFF_ROLES, token_required
from delivery.web.api.dispatches import parcels_named, progress_json
from delivery.web.api.payloads import json_object, parcel_json
from delivery.web.request_input import is_sent_text

LARGEST_PAGE = 1000


class NotAccepted(DomainError):
    """A value of the right form that the office's checks refuse (a name, an ID's digits)."""

    status = 422


@blueprint.post("/dispatches/<int:batch_id>/pickup")
@token_required(*STAFF_ROLES)
def request_batch_pickup(batch_id: int):
    batch = office_batch_or_404(g.api_user.office_id, batch_id)
    request_pickup(batch, g.api_user)
    return jsonify(progress_json(batch))


@blueprint.post("/returns/received")
@token_required(*STAFF_ROLES)
def receive_returned_parcels():
    parcels = parcels_named(g.api_user.office_id, json_object().get("parcels"))
    receive_all_back(parcels, g.api_user)
    return jsonify({"parcels": [parcel_json(parcel) for parcel in parcels]})


@blueprint.post("/parcels/<code:tracking_code>/collection")
@token_required(*STAFF_ROLES)
def record_counter_collection(tracking_code: str):
    body = json_object()
    fields = {}
    for name in ("receiver_name", "id_shown", "id_last_digits"):
        value = body.get(name, "")
        if not is_sent_text(value):
            raise DomainError(_("Send this value as text."), field=name)
        fields[name] = value
    parcel = office_parcel_or_404(g.api_user.office_id, tracking_code)
    try:
        record_collection(parcel, actor=g.api_user, **fields)
    except DomainError as error:
        if error.status != 400:
            raise
        raise NotAccepted(error.message, field=error.field) from None
    return jsonify(parcel_json(parcel)), 201


@blueprint.get("/parcels")
@token_required(*STAFF_ROLES)
def changed_parcels():
    since = read_moment(request.args.get("changed_since"))
    limit = request.args.get("limit", "100")
    if not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= LARGEST_PAGE):
        raise DomainError(_("limit must be a whole number from 1 to 1000."), field="limit")
    changed = parcels_changed_since(g.api_user.office, since, int(limit))
    return jsonify(
        {
            "parcels": [
                parcel_json(parcel) | {"changed_at": changed_at.isoformat()}
                for parcel, changed_at in changed.parcels
            ],
            "next_changed_since": changed.next_since.isoformat(),
            "more": changed.more,
        }
    )


def read_moment(value: str | None) -> datetime:
    """A moment with its offset, e.g. 2026-05-11T08:00:00+07:00 or …Z."""
    try:
        moment = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
        moment.astimezone(UTC)  # a moment at the calendar's edge may have no UTC time
    except (ValueError, OverflowError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise DomainError(
            _("changed_since must be a time with its offset, e.g. 2026-05-11T08:00:00+07:00."),
            field="changed_since",
        )
    return moment
