"""The OpenAPI description of the JSON API, served at /api/v1/openapi.json."""

from flask import jsonify

from delivery.api import blueprint
from delivery.intake.fields import CSV_COLUMNS, DOCUMENT_TYPES

BEARER = [{"bearerAuth": []}]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def answer(description: str, schema: dict | None = None) -> dict:
    return {"description": description} | ({"content": json_content(schema)} if schema else {})


ERRORS = {
    "400": answer("The body or a parameter is malformed", ref("Error")),
    "401": answer("Missing, unknown or revoked API token", ref("Error")),
    "403": answer("The token's user may not do this", ref("Error")),
}
TRACKING_CODE = {
    "name": "tracking_code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "example": "AN-7K3M-Q9PX"},
}
DOCUMENT_REFERENCES = {
    "type": "object",
    "required": ["documents"],
    "properties": {
        "documents": {
            "type": "array",
            "items": {
                "oneOf": [
                    {"type": "integer", "description": "document id"},
                    {
                        "type": "object",
                        "properties": {
                            "document_type": {"type": "string"},
                            "document_number": {"type": "string"},
                        },
                    },
                ]
            },
        }
    },
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
    """Describe one operation."""
    described: dict = {"summary": summary, "responses": responses | (ERRORS if secured else {})}
    if secured:
        described["security"] = BEARER
    if body:
        described["requestBody"] = {"required": True, "content": {body_type: {"schema": body}}}
    if parameters:
        described["parameters"] = parameters
    return described


HEALTH_CHECK = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "down"]},
        "error": {"type": "string", "description": "the kind of error, when down"},
        "backend": {"type": "string", "enum": ["redis", "in-process"]},
        "workers": {"type": "integer", "description": "RQ workers listening to the queue"},
    },
}
SCHEMAS = {
    "Health": {
        "type": "object",
        "required": ["status", "checks"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "checks": {
                "type": "object",
                "properties": {"database": HEALTH_CHECK, "queue": HEALTH_CHECK},
            },
            "backlog": {
                "type": "object",
                "description": "work written down and not done (absent when the database is down)",
                "properties": {
                    "outbox_due": {"type": "integer"},
                    "carrier_events_waiting": {"type": "integer"},
                },
            },
        },
    },
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "field": {"type": "string", "nullable": True},
                },
            }
        },
    },
    "FieldErrors": {
        "type": "object",
        "properties": {
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "row": {"type": "integer", "nullable": True},
                        "field": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            }
        },
    },
    "DocumentIn": {
        "type": "object",
        "required": [c for c in CSV_COLUMNS if c != "application_ref"],
        "properties": {column: {"type": "string"} for column in CSV_COLUMNS}
        | {"document_type": {"type": "string", "enum": sorted(DOCUMENT_TYPES)}},
    },
    "DispatchBatch": {
        "type": "object",
        "properties": {
            name: {"type": "integer"} for name in ("id", "total", "submitted", "failed", "waiting")
        }
        | {
            "pickup": {"type": "string", "nullable": True},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "ImportResult": {
        "type": "object",
        "properties": {
            "mode": {"type": "string", "enum": ["all_or_nothing", "good_rows"]},
            "created": {"type": "integer"},
            "duplicates": {"type": "integer"},
            "rejected": {"type": "integer"},
            "document_ids": {"type": "array", "items": {"type": "integer"}},
            "errors": ref("FieldErrors"),
        },
    },
    "Document": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "document_type": {"type": "string"},
            "document_number": {"type": "string"},
            "status": {"type": "string", "enum": ["recorded", "ready", "packed"]},
            "application_ref": {"type": "string", "nullable": True},
            "parcel": {"type": "string", "nullable": True},
        },
    },
    "Parcel": {
        "type": "object",
        "properties": {
            "tracking_code": {"type": "string"},
            "status": {"type": "string"},
            "recipient_name": {"type": "string"},
            "village": {"type": "string"},
            "district": {"type": "string"},
            "document_ids": {"type": "array", "items": {"type": "integer"}},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
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
IMPORTED = {
    "201": answer("Documents stored", ref("ImportResult")),
    "200": answer(
        "Nothing new stored (duplicates only, or every row refused)", ref("ImportResult")
    ),
    "422": answer("Bad rows; in all_or_nothing mode nothing was stored", ref("FieldErrors")),
}
PATHS = {
    "/api/v1/health": {
        "get": operation(
            "Check that the database and the job queue answer, and how much work waits",
            {
                "200": answer("Healthy", ref("Health")),
                "503": answer("A dependency is down; its check says which", ref("Health")),
            },
            secured=False,
        )
    },
    "/api/v1/me": {"get": operation("Show the token's user and office", {"200": answer("User")})},
    "/api/v1/openapi.json": {
        "get": operation("This document", {"200": answer("OpenAPI 3")}, secured=False)
    },
    "/api/v1/documents": {
        "post": operation(
            "Record one document or a list of documents",
            IMPORTED,
            parameters=[MODE],
            body={"oneOf": [ref("DocumentIn"), {"type": "array", "items": ref("DocumentIn")}]},
        )
    },
    "/api/v1/documents/import": {
        "post": operation(
            "Import a CSV file (UTF-8, comma or semicolon separated, columns as DocumentIn)",
            IMPORTED | {"413": answer("File too large", ref("Error"))},
            body_type="multipart/form-data",
            body={
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "mode": MODE["schema"],
                },
            },
        )
    },
    "/api/v1/documents/mark-ready": {
        "post": operation(
            "Mark recorded documents ready for packing",
            {
                "200": answer(
                    "Marked",
                    {
                        "type": "object",
                        "properties": {
                            "marked_ready": {"type": "integer"},
                            "unchanged": {"type": "integer"},
                            "documents": {"type": "array", "items": ref("Document")},
                        },
                    },
                ),
                "422": answer("Unknown documents; nothing changed", ref("FieldErrors")),
            },
            body=DOCUMENT_REFERENCES,
        )
    },
    "/api/v1/documents/{document_id}": {
        "get": operation(
            "Show a document's status and parcel",
            {"200": answer("Document", ref("Document")), "404": answer("Not found", ref("Error"))},
            parameters=[
                {
                    "name": "document_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
        )
    },
    "/api/v1/dispatches": {
        "post": operation(
            "Dispatch parcels as a batch; their shipments are created at the carrier by jobs",
            {
                "202": answer("Batch accepted", ref("DispatchBatch")),
                "404": answer("Unknown tracking codes", ref("Error")),
                "409": answer("A parcel is not ready to send", ref("Error")),
            },
            body={
                "type": "object",
                "required": ["parcels"],
                "properties": {"parcels": {"type": "array", "items": {"type": "string"}}},
            },
        )
    },
    "/api/v1/dispatches/{batch_id}": {
        "get": operation(
            "Show a batch's progress",
            {
                "200": answer("Batch", ref("DispatchBatch")),
                "404": answer("Not found", ref("Error")),
            },
            parameters=[
                {"name": "batch_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
        )
    },
    "/api/v1/carrier/webhook": {
        "post": operation(
            "Tracking events from the carrier, signed with HMAC-SHA256 over timestamp and body",
            {
                "202": answer("Events accepted"),
                "200": answer("Events already received"),
                "400": answer("Malformed body", ref("Error")),
                "401": answer("Bad signature or stale timestamp", ref("Error")),
            },
            secured=False,
            body={"type": "object", "properties": {"events": {"type": "array"}}},
        )
    },
    "/api/v1/parcels/{tracking_code}/label.pdf": {
        "get": operation(
            "The parcel's 4x6 inch label as PDF",
            {
                "200": {"description": "PDF", "content": {"application/pdf": {}}},
                "404": answer("Not found", ref("Error")),
            },
            parameters=[TRACKING_CODE],
        )
    },
    "/api/v1/labels": {
        "post": operation(
            "Labels for many parcels in one file: pdf (4x6), a4, png (one PNG, or a ZIP), zpl",
            {
                "200": {
                    "description": "The file",
                    "content": {
                        "application/pdf": {},
                        "application/zip": {},
                        "image/png": {},
                        "application/zpl": {},
                    },
                },
                "404": answer("Unknown tracking codes", ref("Error")),
            },
            body={
                "type": "object",
                "required": ["parcels"],
                "properties": {
                    "parcels": {"type": "array", "items": {"type": "string"}},
                    "format": {
                        "type": "string",
                        "enum": ["pdf", "a4", "png", "zpl"],
                        "default": "pdf",
                    },
                },
            },
        )
    },
    "/api/v1/parcels/pack": {
        "post": operation(
            "Pack the given ready documents, or all the office's, into household parcels",
            {
                "201": answer(
                    "Parcels made or filled",
                    {
                        "type": "object",
                        "properties": {"parcels": {"type": "array", "items": ref("Parcel")}},
                    },
                ),
                "200": answer("Nothing to pack"),
                "409": answer("A document is not ready", ref("Error")),
                "422": answer("Unknown documents", ref("FieldErrors")),
            },
            body=DOCUMENT_REFERENCES | {"required": []},
        )
    },
    "/api/v1/parcels/{tracking_code}": {
        "get": operation(
            "Show a parcel",
            {"200": answer("Parcel", ref("Parcel")), "404": answer("Not found", ref("Error"))},
            parameters=[TRACKING_CODE],
        )
    },
    "/api/v1/parcels/{tracking_code}/unpack": {
        "post": operation(
            "Take a parcel apart before dispatch",
            {
                "200": answer("Unpacked; the documents are ready again", ref("Parcel")),
                "404": answer("Not found", ref("Error")),
                "409": answer("Already dispatched", ref("Error")),
            },
            parameters=[TRACKING_CODE],
        )
    },
}


def openapi_document() -> dict:
    from delivery.api import tracking

    return {
        "openapi": "3.0.3",
        "info": {"title": "Antar API", "version": "1"},
        "paths": PATHS | tracking.OPENAPI_PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }


@blueprint.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())
