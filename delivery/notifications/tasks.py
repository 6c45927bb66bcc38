"""Background jobs of resident messages, and the status changes that call for one."""

from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.core.jobs.registry import background_task
from delivery.models import Parcel, TrackingEvent
from delivery.notifications import messages
from delivery.parcels.lifecycle import ANNOUNCED_TO_THE_RESIDENT, parcel_status_changed


@background_task("resident.message", key="event_id")
def send_resident_messages(work: list[list[int]]) -> None:
    """Tell residents about status changes: [tracking event id, outbox entry id] pairs."""
    for event_id, entry_id in work:
        messages.send_status_message(event_id)
        outbox.finish(entry_id)
        db.session.commit()


@parcel_status_changed.connect
def queue_resident_message(
    parcel: Parcel, *, event: TrackingEvent | None = None, **_change
) -> None:
    """Queue the resident's message with a change they are told of (in its transaction)."""
    if event is None or event.status not in ANNOUNCED_TO_THE_RESIDENT:
        return
    outbox.add_work_for_rows(send_resident_messages, [event])
