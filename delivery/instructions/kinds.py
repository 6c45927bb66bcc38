"""Antar's own kind of instruction beside the carrier's (postal_client.InstructionKind)."""

RECALL = "recall"  # cancel the booking before pickup, else ask the carrier to return it
