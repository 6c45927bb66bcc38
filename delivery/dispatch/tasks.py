"""Dispatch's background jobs: plain functions taking ids, safe to run twice."""

from delivery.core.jobs import outbox
from delivery.core.jobs.registry import background_task, periodic_task
from delivery.dispatch import carrier_events, submission


@background_task("shipment.submit", key="shipment_id")
def submit_shipments(work: list[list[int]]) -> None:
    """Create parcels' shipments at the carrier: [shipment id, outbox entry id] pairs."""
    submission.submit_shipments([(shipment_id, entry_id) for shipment_id, entry_id in work])


@background_task("carrier.events", key="inbox_id", timeout=120)
def apply_carrier_events(work: list[list[int]]) -> None:
    """Apply webhook events remembered in the inbox: [inbox id, outbox entry id] pairs, a
    batch per transaction, which also marks the batch's entries done."""
    size = carrier_events.APPLY_BATCH_SIZE
    for batch in (work[start : start + size] for start in range(0, len(work), size)):
        entry_ids = [entry_id for _inbox_id, entry_id in batch if entry_id]
        carrier_events.apply_inbox_batch(
            [inbox_id for inbox_id, _entry_id in batch],
            and_then=lambda entry_ids=entry_ids: outbox.finish_entries(entry_ids),
        )


@periodic_task
def apply_pending_inbox_events() -> int:
    """Apply inbox events a lost job left behind, or whose shipment is known now."""
    return carrier_events.apply_unprocessed_inbox_events()


@periodic_task
def poll_carrier() -> int:
    """Fetch events for quiet shipments."""
    return carrier_events.poll_carrier()
