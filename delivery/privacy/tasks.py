"""The privacy work that runs on a schedule."""

from delivery.core.jobs.registry import periodic_task
from delivery.privacy import retention


@periodic_task
def erase_expired_personal_data() -> int:
    """Erase the proofs and phone numbers of parcels that ended longer ago than kept."""
    return retention.erase_expired_personal_data()
