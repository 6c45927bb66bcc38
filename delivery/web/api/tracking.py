"""Residents' tracking as JSON: POST /api/v1/track with a code and a birth date, no token.

The route has a blueprint of its own, so the lookup limits cover it and no other API route."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from delivery.core.errors import NotFound
from delivery.models import AttemptReason
from delivery.resident.form import (
    InvalidTrackingRequest,
    read_birth_date,
    read_identifier,
)
from delivery.resident.lookup import TrackingRequest, find_parcel_for_resident
from delivery.resident.view import ResidentView
from delivery.resident.words import counter_address, next_step
from delivery.vocabulary import reason_label, relation_label, status_label
from delivery.web.api.openapi_schemas import (
    SENT_TEXT,
    answer_spec,
    objects,
    operation,
    refusal_spec,
)
from delivery.web.api.payloads import json_object
from delivery.web.caching import NOT_STORED
from delivery.web.public.limits import limit_tracking_lookups
from delivery.web.request_input import is_sent_text

blueprint = Blueprint("resident_api", __name__)
limit_tracking_lookups(blueprint)


@blueprint.post("/track")
def track():
    body = json_object()
    code = body.get("code")
    if isinstance(code, str) and not is_sent_text(code):
        raise InvalidTrackingRequest(_("This code cannot be read."), field="code")
    lookup = TrackingRequest(read_identifier(code), read_birth_date(body.get("birth_date")))
    view = find_parcel_for_resident(lookup)
    if view is None:
        raise NotFound(_("No parcel found for this code and date of birth."))
    return jsonify(resident_view_json(view)), 200, NOT_STORED


def resident_view_json(view: ResidentView) -> dict:
    """Shape what the resident may see as JSON; times in UTC, days in the office's calendar.

    Enum values, times and days go in as they are: the app's JSON writer (orjson) writes them
    as their value and in ISO 8601, in C. Words are in the request's language."""
    return {
        "tracking_code": view.tracking_code,
        "status": view.status,
        "status_text": status_label(view.status),
        "status_since": view.status_changed_at,
        "holders": view.holders,
        "village": view.village,
        "district": view.district,
        "expected_delivery": days_json(view.expected_between),
        "timeline": [
            {
                "status": entry.status,
                "status_text": status_label(entry.status),
                "reason": entry.reason,
                "reason_text": reason_text(entry.reason),
                "occurred_at": entry.occurred_at,
            }
            for entry in view.timeline
        ],
        "failed_attempts": [
            {
                "occurred_at": attempt.occurred_at,
                "reason": attempt.reason,
                "reason_text": reason_text(attempt.reason),
            }
            for attempt in view.failed_attempts
        ],
        "received": handover_json(view),
        "next_step": {
            "text": next_step(view),
            "collect_by": view.collect_by,
            "counter": counter_json(view),
        },
    }


def days_json(days) -> dict | None:
    return {"from": days[0], "to": days[1]} if days else None


def reason_text(reason: AttemptReason | None) -> str | None:
    return reason_label(reason) if reason else None


def handover_json(view: ResidentView) -> dict | None:
    """Who received the parcel (relation only, never a name or photo) and when."""
    if view.handover is None:
        return None
    relation = view.handover.relation
    return {
        "status": view.handover.status,
        "occurred_at": view.handover.occurred_at,
        "receiver_relation": relation,
        "receiver_relation_text": relation_label(relation) if relation else None,
    }


def counter_json(view: ResidentView) -> dict | None:
    """Where a returned parcel waits to be collected."""
    if view.collect_by is None:
        return None
    office = view.office
    return {
        "office": office.name,
        "address": counter_address(office),
        "opening_hours": office.opening_hours,
        "phone": office.phone,
    }


TRACKING_ANSWER = {
    "type": "object",
    "properties": {
        "tracking_code": {"type": "string"},
        "status": {"type": "string"},
        "status_text": {"type": "string"},
        "status_since": {"type": "string", "format": "date-time"},
        "holders": {"type": "array", "items": {"type": "string"}, "example": ["B*** S******"]},
        "village": {"type": "string"},
        "district": {"type": "string"},
        "expected_delivery": {
            "type": "object",
            "nullable": True,
            "properties": {
                "from": {"type": "string", "format": "date"},
                "to": {"type": "string", "format": "date"},
            },
        },
        "timeline": {"type": "array", "items": {"type": "object"}},
        "failed_attempts": {"type": "array", "items": {"type": "object"}},
        "received": {"type": "object", "nullable": True},
        "next_step": {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "collect_by": {"type": "string", "format": "date", "nullable": True},
                "counter": {"type": "object", "nullable": True},
            },
        },
    },
}
OPENAPI_PATHS = {
    "/api/v1/track": {
        "post": operation(
            "Track a parcel as its resident: tracking code (or application reference) and the "
            "birth date of one of its document holders; rate-limited per address and per code",
            {
                "200": answer_spec("What the resident may see", TRACKING_ANSWER),
                "404": refusal_spec(
                    "No parcel for this code and birth date (the same for either wrong)"
                ),
                "422": refusal_spec("The code or the birth date cannot be read"),
                "429": refusal_spec("Too many lookups from this address or for this code"),
            },
            secured=False,
            body=objects(
                ["code", "birth_date"],
                {
                    "code": SENT_TEXT | {"example": "AN-7K3M-Q9PX"},
                    "birth_date": {"type": "string", "format": "date", "example": "1990-08-17"},
                },
            ),
        )
    }
}
