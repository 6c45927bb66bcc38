"""The carrier's words for where a shipment is, in Antar's words: the one table between them.

postal_client reports tracking events in the carrier's own vocabulary; the parcel lifecycle
speaks Antar's. Every carrier status and reason has a row here (a test holds the table to
that), so a word the carrier adds breaks a test, not a webhook. An event whose words have no
row (a code the client does not know yet) is not guessed at: it is kept for staff.
"""

from delivery.models import AttemptReason, ParcelStatus
from postal_client import Reason as CarrierReason
from postal_client import Status as CarrierStatus
from postal_client import TrackingEvent as CarrierEvent

PARCEL_STATUS_OF: dict[CarrierStatus, ParcelStatus] = {
    CarrierStatus.IN_CARRIER_HANDS: ParcelStatus.IN_TRANSIT,
    CarrierStatus.OUT_FOR_DELIVERY: ParcelStatus.OUT_FOR_DELIVERY,
    CarrierStatus.DELIVERED: ParcelStatus.DELIVERED,
    CarrierStatus.FAILED_ATTEMPT: ParcelStatus.ATTEMPT_FAILED,
    CarrierStatus.RETURNING_TO_SENDER: ParcelStatus.RETURNING,
    CarrierStatus.RETURNED_TO_SENDER: ParcelStatus.RETURNED,
    CarrierStatus.IRREGULARITY: ParcelStatus.EXCEPTION,
}
ATTEMPT_REASON_OF: dict[CarrierReason, AttemptReason] = {
    CarrierReason.ADDRESSEE_NOT_AT_HOME: AttemptReason.NOT_AT_HOME,
    CarrierReason.ADDRESS_NOT_FOUND: AttemptReason.ADDRESS_NOT_FOUND,
    CarrierReason.REFUSED_BY_ADDRESSEE: AttemptReason.REFUSED,
    CarrierReason.ADDRESSEE_MOVED: AttemptReason.RECIPIENT_MOVED,
    CarrierReason.RECEIVER_NOT_ENTITLED: AttemptReason.NOT_ENTITLED,
    CarrierReason.DELIVERY_ATTEMPTS_EXHAUSTED: AttemptReason.MAX_ATTEMPTS,
    CarrierReason.LOST: AttemptReason.LOST,
    CarrierReason.DAMAGED: AttemptReason.DAMAGED,
    CarrierReason.HELD_FOR_INSPECTION: AttemptReason.HELD,
    CarrierReason.RECALLED_BY_SENDER: AttemptReason.RECALLED,
}


def in_antars_words(event: CarrierEvent) -> tuple[ParcelStatus, AttemptReason | None] | None:
    """Return the parcel status and reason the carrier's event reports, or None when a word
    of it has no row in the table."""
    status = PARCEL_STATUS_OF.get(event.status) if event.status else None
    reason = ATTEMPT_REASON_OF.get(event.reason) if event.reason else None
    if status is None or (event.reason and reason is None):
        return None
    return status, reason
