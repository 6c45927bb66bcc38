"""The OpenAPI description of what staff do at the office through the API (office_work)."""

from delivery.web.api.openapi_schemas import (
    INTEGER,
    MOMENT,
    PARCEL_CODES,
    SENT_TEXT,
    TRACKING_CODE,
    answer_spec,
    id_in_path,
    objects,
    operation,
    ref,
    refusal_spec,
)

COLLECTION = objects(
    ["receiver_name", "id_shown", "id_last_digits"],
    {
        "receiver_name": SENT_TEXT | {"example": "Budi Santoso"},
        "id_shown": SENT_TEXT | {"example": "KTP-el"},
        "id_last_digits": {"type": "string", "pattern": "^[0-9]{4}$", "example": "0001"},
    },
)
CHANGED_PARCEL = {
    "allOf": [ref("Parcel"), objects(["changed_at"], {"changed_at": MOMENT})],
}
OFFICE_WORK_PATHS = {
    "/api/v1/dispatches/{batch_id}/pickup": {
        "post": operation(
            "Ask the carrier to collect the batch's accepted shipments",
            {
                "200": answer_spec(
                    "Pickup requested; its reference is in pickup", ref("DispatchBatch")
                ),
                "404": refusal_spec("Not found"),
                "409": refusal_spec("The carrier has accepted no shipment of this batch yet"),
            },
            parameters=[id_in_path("batch_id")],
        )
    },
    "/api/v1/returns/received": {
        "post": operation(
            "Record returned parcels as back at the office: all of them, or none",
            {
                "200": answer_spec("Received back", ref("Parcels")),
                "404": refusal_spec("Unknown tracking codes"),
                "409": refusal_spec("A parcel is not on its way back; nothing was received"),
            },
            body=objects(["parcels"], {"parcels": PARCEL_CODES}),
        )
    },
    "/api/v1/parcels/{tracking_code}/collection": {
        "post": operation(
            "Record that a returned parcel was collected at the counter, with the ID shown",
            {
                "201": answer_spec("Collected", ref("Parcel")),
                "404": refusal_spec("Not found"),
                "409": refusal_spec("The parcel is not back at the office"),
                "422": refusal_spec(
                    "The name, the ID or its digits are not accepted (the digits are "
                    "not the end of a holder's NIK)"
                ),
            },
            parameters=[TRACKING_CODE],
            body=COLLECTION,
        )
    },
    "/api/v1/parcels": {
        "get": operation(
            "The office's parcels changed after a moment (an event recorded, or packed), oldest "
            "change first; ask again from next_changed_since",
            {
                "200": answer_spec(
                    "Changed parcels",
                    objects(
                        ["parcels", "next_changed_since", "more"],
                        {
                            "parcels": {"type": "array", "items": CHANGED_PARCEL},
                            "next_changed_since": MOMENT,
                            "more": {"type": "boolean"},
                        },
                    ),
                )
            },
            parameters=[
                {
                    "name": "changed_since",
                    "in": "query",
                    "required": True,
                    "schema": MOMENT | {"example": "2026-05-11T08:00:00+07:00"},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "schema": INTEGER | {"minimum": 1, "maximum": 1000, "default": 100},
                },
            ],
        )
    },
}
