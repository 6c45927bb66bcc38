"""The data model; importing this package registers every table."""

from delivery.models.audit import AuditEntry, ImportReport, OutboxEntry
from delivery.models.demo_message import DemoMessage
from delivery.models.document import Document
from delivery.models.enums import (
    AttemptReason,
    DocumentStatus,
    DocumentType,
    EventOutcome,
    EventSource,
    OutboxState,
    ParcelStatus,
    ReceiverPolicy,
    ReceiverRelation,
    Role,
    ShipmentState,
    SubmissionFailure,
    VerificationMethod,
)
from delivery.models.office import Office
from delivery.models.parcel import DispatchBatch, Parcel, Shipment
from delivery.models.tracking import (
    CarrierInboxEvent,
    DeliveryAttempt,
    ResidentMessage,
    TrackingEvent,
    WrongCode,
)
from delivery.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "AttemptReason",
    "AuditEntry",
    "CarrierInboxEvent",
    "DeliveryAttempt",
    "DemoMessage",
    "DispatchBatch",
    "Document",
    "DocumentStatus",
    "DocumentType",
    "EventOutcome",
    "EventSource",
    "ImportReport",
    "Office",
    "OutboxEntry",
    "OutboxState",
    "Parcel",
    "ParcelStatus",
    "ReceiverPolicy",
    "ReceiverRelation",
    "ResidentMessage",
    "Role",
    "Shipment",
    "ShipmentState",
    "SubmissionFailure",
    "TrackingEvent",
    "User",
    "VerificationMethod",
    "WrongCode",
]
