"""Packing documents into household parcels, unpacking, and looking parcels up."""

from flask import g, jsonify
from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.parcels.packing import pack_household_parcels, unpack_parcel
from delivery.parcels.queries import office_parcel_or_404
from delivery.web.api import blueprint
from delivery.web.api.auth import STAFF_ROLES, token_required
from delivery.web.api.payloads import json_object, parcel_json, validation_failed
from delivery.web.api.references import resolve_documents


def wants_all_ready(body: dict) -> bool:
    """Read whether every ready document is meant; a body that names nothing packs nothing."""
    all_ready = body.get("all_ready", False)
    if not isinstance(all_ready, bool):
        raise DomainError(_("all_ready must be true or false."), field="all_ready")
    if all_ready and "documents" in body:
        raise DomainError(_("Send either documents or all_ready, not both."), field="all_ready")
    if not all_ready and "documents" not in body:
        raise DomainError(
            _('Name the documents to pack, or send {"all_ready": true}.'), field="documents"
        )
    return all_ready


@blueprint.post("/parcels/pack")
@token_required(*STAFF_ROLES)
def pack_parcels():
    body = json_object()
    documents = None
    if not wants_all_ready(body):
        documents, errors = resolve_documents(g.api_user.office, body)
        if errors:
            return validation_failed(errors)
    parcels = pack_household_parcels(g.api_user.office, documents, g.api_user)
    return jsonify({"parcels": [parcel_json(parcel) for parcel in parcels]}), (
        201 if parcels else 200
    )


@blueprint.get("/parcels/<code:tracking_code>")
@token_required(*STAFF_ROLES)
def show_parcel(tracking_code: str):
    return jsonify(parcel_json(office_parcel_or_404(g.api_user.office_id, tracking_code)))


@blueprint.post("/parcels/<code:tracking_code>/unpack")
@token_required(*STAFF_ROLES)
def unpack(tracking_code: str):
    parcel = office_parcel_or_404(g.api_user.office_id, tracking_code)
    unpack_parcel(parcel, g.api_user)
    return jsonify(parcel_json(parcel))
