"""API endpoints."""

from flask import g, jsonify

from delivery.api import blueprint
from delivery.api.auth import token_required
from delivery.extensions import db


@blueprint.get("/health")
def health():
    db.session.execute(db.text("SELECT 1"))
    return jsonify({"status": "ok"})


@blueprint.get("/me")
@token_required()
def me():
    user = g.api_user
    return jsonify(
        {
            "username": user.username,
            "role": user.role.value,
            "office": {"code": user.office.code, "name": user.office.name},
        }
    )
