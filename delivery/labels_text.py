"""Words shown to people for the domain's fixed values, in their language."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from delivery.models import DocumentStatus, ParcelStatus

STATUS_LABELS = {
    DocumentStatus.RECORDED: _l("Recorded"),
    DocumentStatus.READY: _l("Ready"),
    DocumentStatus.PACKED: _l("Packed"),
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
    """Return the words for a document or parcel status."""
    return str(STATUS_LABELS.get(status, status.value))
