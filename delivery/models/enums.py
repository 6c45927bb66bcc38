"""The fixed vocabularies of the domain, stored by value."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    COURIER = "courier"
    SUPERVISOR = "supervisor"  # sees the figures of every office in a province or the country


class ReceiverPolicy(StrEnum):
    """Who may receive a document in the holder's place."""

    HOLDER_ONLY = "holder_only"
    HOUSEHOLD = "household"
    VILLAGE_OFFICE = "village_office"


class VerificationMethod(StrEnum):
    """How the courier checks the person at the door."""

    ONE_TIME_CODE = "one_time_code"
    NIK_LAST_DIGITS = "nik_last_digits"


class DocumentType(StrEnum):
    KTP_EL = "ktp_el"
    KK = "kk"
    KIA = "kia"
    AKTA_KELAHIRAN = "akta_kelahiran"
    AKTA_KEMATIAN = "akta_kematian"
    AKTA_PERKAWINAN = "akta_perkawinan"
    AKTA_PERCERAIAN = "akta_perceraian"
    SURAT_PINDAH = "surat_pindah"


class DocumentStatus(StrEnum):
    RECORDED = "recorded"
    READY = "ready"
    PACKED = "packed"


class ParcelStatus(StrEnum):
    READY = "ready"
    SUBMITTED = "submitted"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    ATTEMPT_FAILED = "attempt_failed"
    RETURNING = "returning"
    RETURNED = "returned"
    DELIVERED = "delivered"
    COLLECTED = "collected"
    CANCELLED = "cancelled"
    EXCEPTION = "exception"


class EventSource(StrEnum):
    CARRIER_WEBHOOK = "carrier_webhook"
    CARRIER_POLL = "carrier_poll"
    COURIER = "courier"
    STAFF = "staff"
    SYSTEM = "system"


class EventOutcome(StrEnum):
    """What applying a tracking event did to its parcel."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    STALE = "stale"
    REJECTED = "rejected"


class AttemptReason(StrEnum):
    """Why a delivery attempt ended as it did; the fixed list couriers choose from."""

    NOT_AT_HOME = "not_at_home"
    ADDRESS_NOT_FOUND = "address_not_found"
    REFUSED = "refused"
    RECIPIENT_MOVED = "recipient_moved"
    NOT_ENTITLED = "not_entitled"
    MAX_ATTEMPTS = "max_attempts"
    LOST = "lost"
    DAMAGED = "damaged"
    HELD = "held"
    RECALLED = "recalled"  # the office called it back: the resident collects it at the counter


class ReceiverRelation(StrEnum):
    HOLDER = "holder"
    HOUSEHOLD_MEMBER = "household_member"
    VILLAGE_OFFICE = "village_office"
    REPRESENTATIVE = "representative"


class ShipmentState(StrEnum):
    """Where the submission of a parcel to the carrier stands."""

    WAITING = "waiting"
    SUBMITTED = "submitted"
    FAILED = "failed"
    CANCELLED = "cancelled"


class SubmissionFailure(StrEnum):
    """Why the carrier did not take a shipment, as staff are told it."""

    REFUSED = "refused"
    CREDENTIALS = "credentials"
    UNREACHABLE = "unreachable"
    CARRIER_ERROR = "carrier_error"
    RATE_LIMITED = "rate_limited"
    OTHER = "other"


class OutboxState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
