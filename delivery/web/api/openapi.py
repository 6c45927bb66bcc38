"""The OpenAPI description of the JSON API, served at /api/v1/openapi.json."""

from flask import jsonify

from delivery.web.api import blueprint, reports, tracking
from delivery.web.api.openapi_office_work import OFFICE_WORK_PATHS
from delivery.web.api.openapi_schemas import (
    DOCUMENT_LIST,
    LABEL_FORMAT,
    MODE,
    PARCEL_CODES,
    SCHEMAS,
    TRACKING_CODE,
    answer_spec,
    id_in_path,
    objects,
    operation,
    ref,
    refusal_spec,
)

IMPORTED = {
    "201": answer_spec(
        "Documents stored; in good_rows mode the refused rows are in errors", ref("ImportResult")
    ),
    "200": answer_spec("Nothing new: every good row was already recorded", ref("ImportResult")),
    "422": answer_spec(
        "Bad rows, and nothing stored: any bad row in all_or_nothing mode, every row in good_rows",
        ref("FieldErrors"),
    ),
}
FILES = {"application/pdf": {}, "application/zip": {}, "image/png": {}, "application/zpl": {}}
ANY_OBJECT = {"type": "object"}
PACKING = {
    "oneOf": [
        objects(
            ["documents"],
            {"documents": DOCUMENT_LIST, "all_ready": {"type": "boolean", "enum": [False]}},
        ),
        objects(["all_ready"], {"all_ready": {"type": "boolean", "enum": [True]}})
        | {"not": {"required": ["documents"]}},
    ]
}
PATHS = {
    "/api/v1/health": {
        "get": operation(
            "Check that the service and its dependencies answer",
            {
                "200": answer_spec("Healthy", ref("Health")),
                "503": answer_spec("A dependency is down; the body says which", ref("Health")),
            },
            secured=False,
        )
    },
    "/api/v1/me": {
        "get": operation(
            "Show the token's user and office",
            {
                "200": answer_spec(
                    "User",
                    objects(
                        ["username", "role", "office"],
                        {
                            "username": {"type": "string"},
                            "role": {"type": "string"},
                            "office": objects(
                                ["code", "name"],
                                {"code": {"type": "string"}, "name": {"type": "string"}},
                            ),
                        },
                    ),
                )
            },
        )
    },
    "/api/v1/openapi.json": {
        "get": operation(
            "This document", {"200": answer_spec("OpenAPI 3", ANY_OBJECT)}, secured=False
        )
    },
    "/api/v1/docs": {
        "get": operation(
            "This document as a page to read and try out (Swagger UI)",
            {"200": {"description": "The page", "content": {"text/html": {}}}},
            secured=False,
        )
    },
    "/api/v1/documents": {
        "post": operation(
            "Record one document or a list of documents",
            IMPORTED,
            parameters=[MODE],
            body={
                "oneOf": [
                    ref("DocumentIn"),
                    {"type": "array", "minItems": 1, "items": ref("DocumentIn")},
                ]
            },
        )
    },
    "/api/v1/documents/import": {
        "post": operation(
            "Import a CSV file (UTF-8, comma or semicolon separated, columns as DocumentIn)",
            IMPORTED | {"413": refusal_spec("File too large")},
            body_type="multipart/form-data",
            body=objects(
                ["file"],
                {"file": {"type": "string", "format": "binary"}, "mode": MODE["schema"]},
            ),
        )
    },
    "/api/v1/documents/mark-ready": {
        "post": operation(
            "Mark recorded documents ready for packing",
            {
                "200": answer_spec(
                    "Marked",
                    objects(
                        ["marked_ready", "unchanged", "documents"],
                        {
                            "marked_ready": {"type": "integer"},
                            "unchanged": {"type": "integer"},
                            "documents": {"type": "array", "items": ref("Document")},
                        },
                    ),
                ),
                "422": answer_spec("Unknown documents; nothing changed", ref("FieldErrors")),
            },
            body=objects(["documents"], {"documents": DOCUMENT_LIST}),
        )
    },
    "/api/v1/documents/{document_id}": {
        "get": operation(
            "Show a document's status and parcel",
            {"200": answer_spec("Document", ref("Document")), "404": refusal_spec("Not found")},
            parameters=[id_in_path("document_id")],
        )
    },
    "/api/v1/dispatches": {
        "post": operation(
            "Dispatch parcels as a batch; their shipments are created at the carrier by jobs",
            {
                "202": answer_spec("Batch accepted", ref("DispatchBatch")),
                "404": refusal_spec("Unknown tracking codes"),
                "409": refusal_spec("A parcel is not ready to send"),
            },
            body=objects(["parcels"], {"parcels": PARCEL_CODES}),
        )
    },
    "/api/v1/dispatches/{batch_id}": {
        "get": operation(
            "Show a batch's progress",
            {"200": answer_spec("Batch", ref("DispatchBatch")), "404": refusal_spec("Not found")},
            parameters=[id_in_path("batch_id")],
        )
    },
    "/api/v1/carrier/webhook": {
        "post": operation(
            "Tracking events from the carrier, signed with HMAC-SHA256 over timestamp and body",
            {
                "202": answer_spec("Events accepted", ANY_OBJECT),
                "200": answer_spec("Events already received", ANY_OBJECT),
                "400": refusal_spec("Malformed body"),
                "401": refusal_spec("Bad signature or stale timestamp"),
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
                "404": refusal_spec("Not found"),
            },
            parameters=[TRACKING_CODE],
        )
    },
    "/api/v1/labels": {
        "post": operation(
            "Labels for many parcels in one file: pdf (4x6), a4, png (one PNG, or a ZIP), zpl",
            {
                "200": {"description": "The file", "content": FILES},
                "404": refusal_spec("Unknown tracking codes"),
            },
            body=objects(["parcels"], {"parcels": PARCEL_CODES, "format": LABEL_FORMAT}),
        )
    },
    "/api/v1/parcels/pack": {
        "post": operation(
            "Pack the named ready documents, or every ready one with all_ready, into household "
            "parcels; a body that names neither packs nothing",
            {
                "201": answer_spec("Parcels made or filled", ref("Parcels")),
                "200": answer_spec("Nothing was ready to pack", ref("Parcels")),
                "409": refusal_spec("A document is not ready"),
                "422": answer_spec("Unknown documents", ref("FieldErrors")),
            },
            body=PACKING,
        )
    },
    "/api/v1/parcels/{tracking_code}": {
        "get": operation(
            "Show a parcel",
            {"200": answer_spec("Parcel", ref("Parcel")), "404": refusal_spec("Not found")},
            parameters=[TRACKING_CODE],
        )
    },
    "/api/v1/parcels/{tracking_code}/unpack": {
        "post": operation(
            "Take a parcel apart before dispatch",
            {
                "200": answer_spec("Unpacked; the documents are ready again", ref("Parcel")),
                "404": refusal_spec("Not found"),
                "409": refusal_spec("Already dispatched"),
            },
            parameters=[TRACKING_CODE],
        )
    },
}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Antar API", "version": "1"},
        "paths": PATHS | OFFICE_WORK_PATHS | tracking.OPENAPI_PATHS | reports.OPENAPI_PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }


@blueprint.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())
