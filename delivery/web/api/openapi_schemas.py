"""The parts the OpenAPI description is built from: its schemas and how an operation reads."""

from delivery.intake.fields import CSV_COLUMNS, DOCUMENT_NUMBER, DOCUMENT_TYPES
from delivery.models import DocumentStatus, ParcelStatus
from delivery.printing.operations import LABEL_FORMATS
from delivery.web.request_input import LARGEST_ID

BEARER = [{"bearerAuth": []}]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def answer_spec(description: str, schema: dict | None = None) -> dict:
    content = {"content": {"application/json": {"schema": schema}}} if schema else {}
    return {"description": description} | content


def refusal_spec(description: str) -> dict:
    return answer_spec(description, ref("Error"))


def objects(required: list[str], properties: dict) -> dict:
    """An object schema whose listed properties must be there."""
    return {"type": "object", "required": required, "properties": properties}


TOKEN_ERRORS = {
    "401": refusal_spec("Missing, unknown or revoked API token"),
    "403": refusal_spec("The token's user may not do this"),
}
BODY_ERRORS = {
    "400": refusal_spec("The body is missing, not JSON, not an object, or holds a NUL character"),
    "415": refusal_spec("The body was sent with another Content-Type than application/json"),
}


def operation(
    summary: str,
    responses: dict,
    *,
    body: dict | None = None,
    secured: bool = True,
    parameters: list | None = None,
    body_type: str = "application/json",
) -> dict:
    """Describe one operation, with the errors every operation of its kind can answer."""
    errors = {"400": refusal_spec("A parameter is malformed")} | (TOKEN_ERRORS if secured else {})
    if body and body_type == "application/json":
        errors |= BODY_ERRORS
    described: dict = {"summary": summary, "responses": errors | responses}
    if secured:
        described["security"] = BEARER
    if body:
        described["requestBody"] = {"required": True, "content": {body_type: {"schema": body}}}
    if parameters:
        described["parameters"] = parameters
    return described


def id_in_path(name: str) -> dict:
    schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID, "example": 1}
    return {"name": name, "in": "path", "required": True, "schema": schema}


TRACKING_CODE = {
    "name": "tracking_code",
    "in": "path",
    "required": True,
    "description": "as printed or typed: any case, with or without dashes",
    "schema": {
        "type": "string",
        "pattern": "^[^\\u0000-\\u001f\\u007f]+$",
        "example": "AN-7K3M-Q9PX",
    },
}
DOCUMENT_TYPE = {"type": "string", "enum": sorted(DOCUMENT_TYPES)}
SENT_TEXT = {"type": "string", "pattern": "^[^\\u0000]*$", "description": "no NUL character"}
DOCUMENT_NUMBER_TEXT = {"type": "string", "pattern": f"^{DOCUMENT_NUMBER.pattern}$"}
DOCUMENT_LIST = {
    "type": "array",
    "minItems": 1,
    "example": [1],
    "items": {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": LARGEST_ID, "description": "an id"},
            objects(
                ["document_type", "document_number"],
                {"document_type": DOCUMENT_TYPE, "document_number": DOCUMENT_NUMBER_TEXT},
            ),
        ]
    },
}
PARCEL_CODES = {
    "type": "array",
    "minItems": 1,
    "maxItems": 5_000,
    "items": SENT_TEXT,
    "example": ["AN-7K3M-Q9PX"],
}
MODE = {
    "name": "mode",
    "in": "query",
    "schema": {
        "type": "string",
        "default": "all_or_nothing",
        "enum": ["all_or_nothing", "good_rows"],
    },
}
INTEGER = {"type": "integer"}
TEXT = {"type": "string"}
MAYBE_TEXT = {"type": "string", "nullable": True}
MOMENT = {"type": "string", "format": "date-time"}
FIELD_ERROR = objects(
    ["row", "field", "message"],
    {
        "row": {"type": "integer", "nullable": True},
        "field": TEXT,
        "message": TEXT,
        "suggestions": {
            "type": "array",
            "items": TEXT,
            "description": "the closest real values, best first (a village, district or "
            "postal code of the official region list)",
        },
    },
)

DOCUMENT_EXAMPLE = {
    "document_type": "ktp_el",
    "document_number": "KTP-1802-000001",
    "holder_nik": "1802021708900001",
    "holder_name": "Budi Santoso",
    "kk_number": "1802020106150001",
    "recipient_name": "Budi Santoso",
    "recipient_phone": "0812-3456-7890",
    "street": "Jl. Proklamator No. 1",
    "rt": "3",
    "rw": "11",
    "village": "Yukum Jaya",
    "district": "Terbanggi Besar",
    "regency": "Kabupaten Lampung Tengah",
    "province": "Lampung",
    "postal_code": "34163",
    "application_ref": "LTG-2026-00001",
}

HEALTH_CHECK = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "down"]},
        "error": {"type": "string", "description": "the kind of error, when down"},
        "backend": {"type": "string", "enum": ["redis", "in-process"]},
        "workers": {"type": "integer", "description": "RQ workers listening to the queue"},
        "jobs_waiting": {"type": "integer", "description": "jobs queued and not started"},
    },
}
AGE = {"type": "integer", "nullable": True, "description": "seconds; null when nothing waits"}
REPLICA_CHECK = {
    "type": "object",
    "required": ["status", "reads_from"],
    "description": "the read replica, present when ANTAR_DATABASE_REPLICA_URL is set; while it "
    "is down or behind, its reads go to the primary and the service stays available",
    "properties": {
        "status": {"type": "string", "enum": ["ok", "behind", "unknown", "down"]},
        "error": {"type": "string", "description": "the kind of error, when down"},
        "lag_seconds": {"type": "number", "nullable": True, "description": "null: unknown"},
        "max_lag_seconds": {"type": "number"},
        "standby": {"type": "boolean", "description": "false: the server is not in recovery"},
        "reads_from": {"type": "string", "enum": ["replica", "primary"]},
    },
}
SCHEMAS = {
    "Health": objects(
        ["status", "checks"],
        {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "checks": {
                "type": "object",
                "properties": {
                    "database": HEALTH_CHECK,
                    "queue": HEALTH_CHECK,
                    "replica": REPLICA_CHECK,
                },
            },
            "backlog": {
                "type": "object",
                "description": "work written down and not done (absent when the database is down)",
                "properties": {
                    "outbox_due": {"type": "integer"},
                    "outbox_oldest_seconds": AGE,
                    "carrier_events_waiting": {"type": "integer"},
                    "carrier_event_oldest_seconds": AGE,
                },
            },
        },
    ),
    "Error": objects(
        ["error"],
        {
            "error": objects(
                ["code", "message", "field"], {"code": TEXT, "message": TEXT, "field": MAYBE_TEXT}
            )
        },
    ),
    "FieldErrors": objects(["errors"], {"errors": {"type": "array", "items": FIELD_ERROR}}),
    "DocumentIn": {
        "type": "object",
        "required": [c for c in CSV_COLUMNS if c != "application_ref"],
        "example": DOCUMENT_EXAMPLE,
        "properties": {column: SENT_TEXT for column in CSV_COLUMNS}
        | {"document_type": DOCUMENT_TYPE, "application_ref": SENT_TEXT | {"nullable": True}},
    },
    "DispatchBatch": objects(
        ["id", "total", "submitted", "failed", "waiting", "pickup", "created_at"],
        {name: INTEGER for name in ("id", "total", "submitted", "failed", "waiting")}
        | {"pickup": MAYBE_TEXT, "created_at": MOMENT},
    ),
    "ImportResult": objects(
        ["mode", "created", "duplicates", "rejected", "document_ids", "errors"],
        {
            "mode": MODE["schema"],
            "created": INTEGER,
            "duplicates": INTEGER,
            "rejected": INTEGER,
            "document_ids": {"type": "array", "items": INTEGER},
            "errors": {
                "type": "array",
                "items": FIELD_ERROR,
                "description": "the refused rows' errors (good_rows mode stores the rest)",
            },
            "warnings": {
                "type": "array",
                "items": FIELD_ERROR,
                "description": "notes on stored rows for staff to review, such as a postal code "
                "of another village of the regency",
            },
        },
    ),
    "Document": objects(
        ["id", "document_type", "document_number", "status", "application_ref", "parcel"],
        {
            "id": INTEGER,
            "document_type": DOCUMENT_TYPE,
            "document_number": TEXT,
            "status": {"type": "string", "enum": [status.value for status in DocumentStatus]},
            "application_ref": MAYBE_TEXT,
            "parcel": MAYBE_TEXT,
        },
    ),
    "Parcel": objects(
        [
            "tracking_code",
            "status",
            "recipient_name",
            "village",
            "district",
            "document_ids",
            "created_at",
        ],
        {
            "tracking_code": TEXT,
            "status": {"type": "string", "enum": [status.value for status in ParcelStatus]},
            "recipient_name": TEXT,
            "village": TEXT,
            "district": TEXT,
            "document_ids": {"type": "array", "items": INTEGER},
            "created_at": MOMENT,
        },
    ),
    "Parcels": objects(["parcels"], {"parcels": {"type": "array", "items": ref("Parcel")}}),
}
LABEL_FORMAT = {"type": "string", "enum": list(LABEL_FORMATS), "default": "pdf"}
