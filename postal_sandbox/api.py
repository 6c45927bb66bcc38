"""The carrier API's endpoints, as the contract in openapi.json describes them."""

from typing import TYPE_CHECKING, Any

from postal_sandbox.instructions import validate_instruction
from postal_sandbox.routing import ApiError, Request, Response
from postal_sandbox.stories import STORY_HEADER, choose_story
from postal_sandbox.validation import validate_shipment

if TYPE_CHECKING:
    from postal_sandbox.carrier import Carrier

MAX_IDS_PER_CALL = 100


def issue_token(carrier: "Carrier", request: Request) -> Response:
    """POST /token: the OAuth2 client-credentials grant."""
    return carrier.tokens.grant(request)


def idempotency_key(request: Request) -> str:
    """Return the request's Idempotency-Key, or raise a 400 asking for one."""
    key = request.header("Idempotency-Key")
    if not key or len(key) > 255:
        raise ApiError(
            400,
            "idempotency_key_required",
            "send an Idempotency-Key header",
            fields={"Idempotency-Key": "required, at most 255 characters"},
        )
    return key


def create_shipment(carrier: "Carrier", request: Request) -> Response:
    """POST /v1/shipments: book a shipment, once per Idempotency-Key."""
    key = idempotency_key(request)
    body = request.json_object()
    validate_shipment(body)
    postal_code = body["recipient"]["address"]["postal_code"]
    try:
        story = choose_story(request.header(STORY_HEADER), postal_code)
    except ValueError as error:
        raise ApiError(
            422, "validation_failed", "unknown sandbox story", fields={STORY_HEADER: str(error)}
        ) from None
    shipment, created = carrier.book.create(request.client_id or "", key, body, story)
    headers = {"Location": f"/v1/shipments/{shipment['id']}"}
    return Response(201 if created else 200, shipment, headers)


def get_shipment(carrier: "Carrier", request: Request) -> Response:
    """GET /v1/shipments/{id}: the shipment and its latest event."""
    return Response(200, carrier.book.get(request.path_params["id"]))


def list_events(carrier: "Carrier", request: Request) -> Response:
    """GET /v1/shipments/{id}/events: the tracking history, oldest first."""
    return Response(200, {"events": carrier.book.events(request.path_params["id"])})


def cancel_shipment(carrier: "Carrier", request: Request) -> Response:
    """POST /v1/shipments/{id}/cancel: cancel before pickup (409 after)."""
    return Response(200, carrier.book.cancel(request.path_params["id"]))


def send_instruction(carrier: "Carrier", request: Request) -> Response:
    """POST /v1/shipments/{id}/instructions: act on an instruction, once per Idempotency-Key."""
    key = idempotency_key(request)
    body = request.json_object()
    kind = validate_instruction(body)
    receipt, created = carrier.book.instruct(
        request.client_id or "", key, request.path_params["id"], kind, body
    )
    return Response(201 if created else 200, receipt)


def request_pickup(carrier: "Carrier", request: Request) -> Response:
    """POST /v1/pickups: collect shipments; the same list again is the same pickup."""
    shipment_ids = _id_list(request.json_object(), "shipment_ids")
    pickup, created = carrier.book.request_pickup(shipment_ids)
    return Response(201 if created else 200, pickup)


def track(carrier: "Carrier", request: Request) -> Response:
    """POST /v1/tracking: the events of up to 100 shipments by tracking number."""
    tracking_numbers = _id_list(request.json_object(), "tracking_numbers")
    return Response(200, carrier.book.track(tracking_numbers))


def _id_list(body: dict[str, Any], field: str) -> list[str]:
    """Return a body's list of 1 to 100 distinct identifiers, or raise a 422."""
    values = body.get(field)
    if (
        not isinstance(values, list)
        or not 1 <= len(values) <= MAX_IDS_PER_CALL
        or not all(isinstance(value, str) and value for value in values)
        or len(set(values)) != len(values)
    ):
        raise ApiError(
            422,
            "validation_failed",
            f"{field} is invalid",
            fields={field: f"required, 1 to {MAX_IDS_PER_CALL} distinct strings"},
        )
    return values
