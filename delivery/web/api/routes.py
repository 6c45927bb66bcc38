"""API endpoints."""

from flask import g, jsonify

from delivery.core.health import health_report
from delivery.web.api import blueprint
from delivery.web.api.auth import token_required


@blueprint.get("/health")
def health():
    report, healthy = health_report()
    return jsonify(report), 200 if healthy else 503


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
