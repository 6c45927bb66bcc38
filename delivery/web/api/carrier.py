"""The carrier's webhook: verified, remembered by event id, answered fast, applied by a job."""

from flask import current_app, jsonify, request

from delivery.core.errors import DomainError
from delivery.dispatch.operations import accept_webhook_events
from delivery.web.api import blueprint
from postal_client import MalformedWebhook, WebhookError, verify_webhook


class WebhookRefused(DomainError, status=401, code="webhook_refused"):
    """A webhook whose signature, time or body cannot be trusted."""


@blueprint.post("/carrier/webhook")
def carrier_webhook():
    body = request.get_data(cache=False)
    try:
        events = verify_webhook(body, request.headers, current_app.config["CARRIER_WEBHOOK_SECRET"])
    except MalformedWebhook as error:
        raise DomainError(str(error), field="body") from error
    except WebhookError as error:
        raise WebhookRefused(str(error), field="signature") from error
    inbox_ids = accept_webhook_events(body)
    if not inbox_ids:
        return jsonify({"status": "already received"}), 200
    answer = {"status": "accepted", "events": len(inbox_ids)}
    return jsonify(answer | {"already_received": len(events) - len(inbox_ids)}), 202
