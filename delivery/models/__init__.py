"""The data model; importing this package registers every table."""

from delivery.models.audit import AuditEntry, ImportReport, OutboxEntry
from delivery.models.counts import OfficeMonthFigures, StatusCountChange
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
from delivery.models.privacy import PersonalDataPlace, PersonalDataView, ProcessingRestriction
from delivery.models.resident import (
    CarrierInstruction,
    CollectionPlace,
    InstructionState,
    RequestKind,
    ResidentRequest,
)
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
    "CarrierInstruction",
    "CollectionPlace",
    "DeliveryAttempt",
    "DemoMessage",
    "DispatchBatch",
    "Document",
    "DocumentStatus",
    "DocumentType",
    "EventOutcome",
    "EventSource",
    "ImportReport",
    "InstructionState",
    "Office",
    "OfficeMonthFigures",
    "OutboxEntry",
    "OutboxState",
    "Parcel",
    "ParcelStatus",
    "PersonalDataPlace",
    "PersonalDataView",
    "ProcessingRestriction",
    "ReceiverPolicy",
    "ReceiverRelation",
    "RequestKind",
    "ResidentMessage",
    "ResidentRequest",
    "Role",
    "Shipment",
    "ShipmentState",
    "StatusCountChange",
    "SubmissionFailure",
    "TrackingEvent",
    "User",
    "VerificationMethod",
    "WrongCode",
]
