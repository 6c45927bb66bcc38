"""The carrier's webhook: verified, remembered by event id, answered fast, applied by a job."""

from flask import current_app, jsonify, request

from delivery.api import blueprint
from delivery.carrier_events import RememberedEventIds, remember_webhook_events
from delivery.errors import DomainError
from delivery.queue import enqueue
from postal_client import MalformedWebhook, ReplayedEvent, WebhookError, verify_webhook


class WebhookRefused(DomainError):
    status = 401
    code = "webhook_refused"


@blueprint.post("/carrier/webhook")
def carrier_webhook():
    body = request.get_data(cache=False)
    try:
        verify_webhook(
            body,
            request.headers,
            current_app.config["CARRIER_WEBHOOK_SECRET"],
            seen_event_ids=RememberedEventIds(),
        )
    except ReplayedEvent:
        return jsonify({"status": "already received"}), 200
    except MalformedWebhook as error:
        raise DomainError(str(error), field="body") from error
    except WebhookError as error:
        raise WebhookRefused(str(error), field="signature") from error
    inbox_ids = remember_webhook_events(body)
    if inbox_ids:
        enqueue(
            "delivery.tasks.apply_carrier_events",
            inbox_ids,
            job_id=f"carrier-events-{inbox_ids[0]}",
            timeout=120,
        )
    return jsonify({"status": "accepted", "events": len(inbox_ids)}), 202
