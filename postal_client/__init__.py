"""A client for the postal service's shipment and tracking API, and its webhooks.

Imports nothing from flask or from the delivery app. The contract is openapi.json
beside this file; the separate `postal_sandbox` package serves it locally.
"""

from postal_client.client import PostalClient
from postal_client.errors import (
    IDEMPOTENCY_KEY_REUSED,
    AuthenticationError,
    Conflict,
    ConnectionFailed,
    IdempotencyConflict,
    NotFound,
    PostalError,
    RateLimited,
    ServerError,
    Timeout,
    UnexpectedResponse,
    ValidationFailed,
)
from postal_client.models import (
    Address,
    BookingState,
    DeliveryInstruction,
    InstructionKind,
    InstructionReceipt,
    Party,
    Pickup,
    Shipment,
    ShipmentRequest,
    TrackingBatch,
    TrackingEvent,
)
from postal_client.statuses import CARRIER_CODES, Reason, Status, UnknownCarrierCode, meaning_of
from postal_client.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    InvalidSignature,
    MalformedWebhook,
    ReplayedEvent,
    StaleTimestamp,
    WebhookError,
    sign_webhook,
    signature_headers,
    verify_webhook,
)

__all__ = [
    "CARRIER_CODES",
    "IDEMPOTENCY_KEY_REUSED",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Address",
    "AuthenticationError",
    "BookingState",
    "Conflict",
    "ConnectionFailed",
    "DeliveryInstruction",
    "IdempotencyConflict",
    "InstructionKind",
    "InstructionReceipt",
    "InvalidSignature",
    "MalformedWebhook",
    "NotFound",
    "Party",
    "Pickup",
    "PostalClient",
    "PostalError",
    "RateLimited",
    "Reason",
    "ReplayedEvent",
    "ServerError",
    "Shipment",
    "ShipmentRequest",
    "StaleTimestamp",
    "Status",
    "Timeout",
    "TrackingBatch",
    "TrackingEvent",
    "UnexpectedResponse",
    "UnknownCarrierCode",
    "ValidationFailed",
    "WebhookError",
    "meaning_of",
    "sign_webhook",
    "signature_headers",
    "verify_webhook",
]
