"""The instructions' background job, registered under its outbox topic."""

from delivery.core.jobs.registry import background_task
from delivery.instructions import sending


@background_task("carrier.instruction", key="instruction_id")
def send_carrier_instructions(work: list[list[int]]) -> None:
    """Send instructions to the carrier: [instruction id, outbox entry id] pairs."""
    sending.send_instructions(work)
