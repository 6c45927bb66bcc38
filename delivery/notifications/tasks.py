"""Background jobs of resident messages: plain functions taking ids, safe to run twice."""

from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.notifications import messages


def send_resident_messages(work: list[list[int]]) -> None:
    """Tell residents about status changes: [tracking event id, outbox entry id] pairs."""
    for event_id, entry_id in work:
        messages.send_status_message(event_id)
        outbox.finish(entry_id)
        db.session.commit()
