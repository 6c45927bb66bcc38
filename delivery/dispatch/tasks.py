"""Dispatch's background jobs: plain functions taking ids, safe to run twice."""

from delivery.dispatch import carrier_events
from delivery.dispatch import operations as dispatch


def submit_shipments(work: list[list[int]]) -> None:
    """Create parcels' shipments at the carrier: [shipment id, outbox entry id] pairs."""
    dispatch.submit_shipments([(shipment_id, entry_id) for shipment_id, entry_id in work])


def apply_carrier_events(inbox_ids: list[int]) -> None:
    """Apply webhook events remembered in the inbox."""
    carrier_events.apply_inbox_events(inbox_ids)


def poll_carrier() -> int:
    """Fetch events for quiet shipments (periodic)."""
    return carrier_events.poll_carrier()


def apply_pending_inbox_events() -> int:
    """Apply inbox events a lost job left behind, or whose shipment is known now (periodic)."""
    return carrier_events.apply_unprocessed_inbox_events()
