"""Words shown to people for the domain's fixed values, in their language: one table for each
kind of value (statuses, reasons, relations, who may receive, …), read by every actor's pages."""

from collections.abc import Mapping
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from delivery.models import (
    AttemptReason,
    DocumentStatus,
    DocumentType,
    EventOutcome,
    EventSource,
    ParcelStatus,
    ReceiverPolicy,
    ReceiverRelation,
)

DOCUMENT_STATUS_LABELS = {
    DocumentStatus.RECORDED: _l("Recorded"),
    DocumentStatus.READY: _l("Ready"),
    DocumentStatus.PACKED: _l("Packed"),
}
STATUS_LABELS = {
    ParcelStatus.READY: _l("Ready to send"),
    ParcelStatus.SUBMITTED: _l("Handed to the post"),
    ParcelStatus.IN_TRANSIT: _l("On its way"),
    ParcelStatus.OUT_FOR_DELIVERY: _l("Out for delivery"),
    ParcelStatus.ATTEMPT_FAILED: _l("Delivery attempt failed"),
    ParcelStatus.RETURNING: _l("Returning to the office"),
    ParcelStatus.RETURNED: _l("Back at the office"),
    ParcelStatus.DELIVERED: _l("Delivered"),
    ParcelStatus.COLLECTED: _l("Collected at the office"),
    ParcelStatus.CANCELLED: _l("Cancelled"),
    ParcelStatus.EXCEPTION: _l("Needs attention"),
}

FIELD_LABELS = {
    "document_type": _l("Document type"),
    "document_number": _l("Document number"),
    "holder_nik": _l("Holder's NIK"),
    "holder_name": _l("Holder's name"),
    "kk_number": _l("KK number"),
    "recipient_name": _l("Recipient's name"),
    "recipient_phone": _l("Recipient's phone"),
    "street": _l("Street and house number"),
    "rt": _l("RT"),
    "rw": _l("RW"),
    "village": _l("Village (desa/kelurahan)"),
    "district": _l("District (kecamatan)"),
    "regency": _l("Regency or city"),
    "province": _l("Province"),
    "postal_code": _l("Postal code"),
    "application_ref": _l("Application reference"),
    "file": _l("File"),
    "row": _l("Row"),
    "documents": _l("Documents"),
}
DOCUMENT_TYPE_LABELS = {
    DocumentType.KTP_EL: _l("KTP-el (ID card)"),
    DocumentType.KK: _l("Kartu Keluarga (family card)"),
    DocumentType.KIA: _l("KIA (child ID card)"),
    DocumentType.AKTA_KELAHIRAN: _l("Birth certificate"),
    DocumentType.AKTA_KEMATIAN: _l("Death certificate"),
    DocumentType.AKTA_PERKAWINAN: _l("Marriage certificate"),
    DocumentType.AKTA_PERCERAIAN: _l("Divorce certificate"),
    DocumentType.SURAT_PINDAH: _l("Moving letter"),
}

RELATION_LABELS = {
    ReceiverRelation.HOLDER: _l("the document holder"),
    ReceiverRelation.HOUSEHOLD_MEMBER: _l("a member of the household"),
    ReceiverRelation.VILLAGE_OFFICE: _l("the village office"),
    ReceiverRelation.REPRESENTATIVE: _l("a representative with a signed letter"),
}
REASON_LABELS = {
    AttemptReason.NOT_AT_HOME: _l("Nobody at home"),
    AttemptReason.ADDRESS_NOT_FOUND: _l("Address not found"),
    AttemptReason.REFUSED: _l("Refused"),
    AttemptReason.RECIPIENT_MOVED: _l("Recipient moved"),
    AttemptReason.NOT_ENTITLED: _l("Receiver not entitled"),
    AttemptReason.MAX_ATTEMPTS: _l("Delivery attempts used up"),
    AttemptReason.LOST: _l("Lost"),
    AttemptReason.DAMAGED: _l("Damaged"),
    AttemptReason.HELD: _l("Held"),
    AttemptReason.RECALLED: _l("Recalled for collection at the office"),
}
SOURCE_LABELS = {
    EventSource.CARRIER_WEBHOOK: _l("Postal service"),
    EventSource.CARRIER_POLL: _l("Postal service (fetched)"),
    EventSource.COURIER: _l("Courier"),
    EventSource.STAFF: _l("Office staff"),
    EventSource.SYSTEM: _l("Antar"),
}

OUTCOME_LABELS = {
    EventOutcome.APPLIED: _l("applied"),
    EventOutcome.DUPLICATE: _l("duplicate"),
    EventOutcome.STALE: _l("arrived late; kept in the history only"),
    EventOutcome.REJECTED: _l("not allowed from the parcel's status; kept for staff"),
}

# The office's delivery rule in words: the courier reads it at the door, the resident on the
# tracking page (with what to bring).
WHO_MAY_RECEIVE = {
    ReceiverPolicy.HOLDER_ONLY: _l("Only the document holder may receive it."),
    ReceiverPolicy.HOUSEHOLD: _l(
        "The document holder or a member of the same household may receive it."
    ),
    ReceiverPolicy.VILLAGE_OFFICE: _l(
        "The document holder, a member of the household or the village office may receive it."
    ),
}


def status_label(status: StrEnum) -> str:
    """Return the words for a document or parcel status (both have a "ready")."""
    labels = DOCUMENT_STATUS_LABELS if isinstance(status, DocumentStatus) else STATUS_LABELS
    return words_for(labels, status)


def field_label(field: str) -> str:
    """Return the words for a document field."""
    return words_for(FIELD_LABELS, field)


def document_type_label(document_type: StrEnum) -> str:
    return words_for(DOCUMENT_TYPE_LABELS, document_type)


def reason_label(reason: str | None) -> str:
    """Return the words for a failed-attempt reason (its value as stored will do)."""
    return words_for(REASON_LABELS, reason)


def source_label(source: StrEnum) -> str:
    return words_for(SOURCE_LABELS, source)


def outcome_label(outcome: StrEnum) -> str:
    return words_for(OUTCOME_LABELS, outcome)


def relation_label(relation: ReceiverRelation | None) -> str:
    """Return the words for who received a parcel, by their relation to the holder."""
    return words_for(RELATION_LABELS, relation)


def who_may_receive(policy: ReceiverPolicy) -> str:
    """Return the office's delivery rule, who may receive a parcel, in one sentence."""
    return words_for(WHO_MAY_RECEIVE, policy)


def words_for(table: Mapping, value: StrEnum | str | None) -> str:
    """Return a value's words from its table; a value the table lacks as it is, none as ""."""
    if value is None or value == "":
        return ""
    return str(table.get(value, value))
