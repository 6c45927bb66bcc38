"""Words shown to people for the domain's fixed values, in their language."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from delivery.models import (
    AttemptReason,
    DocumentStatus,
    DocumentType,
    EventOutcome,
    EventSource,
    ParcelStatus,
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


def status_label(status: StrEnum) -> str:
    """Return the words for a document or parcel status (both have a "ready")."""
    labels = DOCUMENT_STATUS_LABELS if isinstance(status, DocumentStatus) else STATUS_LABELS
    return str(labels.get(status, status.value))


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


def field_label(field: str) -> str:
    """Return the words for a document field."""
    return str(FIELD_LABELS.get(field, field))


def document_type_label(document_type: StrEnum) -> str:
    return str(DOCUMENT_TYPE_LABELS.get(document_type, document_type.value))


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
}
SOURCE_LABELS = {
    EventSource.CARRIER_WEBHOOK: _l("Postal service"),
    EventSource.CARRIER_POLL: _l("Postal service (fetched)"),
    EventSource.COURIER: _l("Courier"),
    EventSource.STAFF: _l("Office staff"),
    EventSource.SYSTEM: _l("Antar"),
}


def reason_label(reason: str | None) -> str:
    """Return the words for a failed-attempt reason."""
    if not reason:
        return ""
    try:
        return str(REASON_LABELS[AttemptReason(reason)])
    except ValueError:
        return reason


def source_label(source: StrEnum) -> str:
    return str(SOURCE_LABELS.get(source, source.value))


OUTCOME_LABELS = {
    EventOutcome.APPLIED: _l("applied"),
    EventOutcome.DUPLICATE: _l("duplicate"),
    EventOutcome.STALE: _l("arrived late; kept in the history only"),
    EventOutcome.REJECTED: _l("not allowed from the parcel's status; kept for staff"),
}


def outcome_label(outcome: StrEnum) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome.value))


def relation_label(relation: ReceiverRelation | None) -> str:
    """Return the words for who received a parcel, by their relation to the holder."""
    return str(RELATION_LABELS[relation]) if relation else ""
