"""Sending instructions to the carrier: safe to run twice (one idempotency key per instruction),
retried while the carrier is unreachable, given up with the error for staff."""

import logging
from datetime import date

from flask import current_app

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.dispatch.carrier import carrier_client
from delivery.instructions.kinds import RECALL
from delivery.models import (
    CarrierInstruction,
    EventSource,
    InstructionState,
    ParcelStatus,
    ShipmentState,
)
from delivery.parcels.events import Report, record_event
from postal_client import (
    Address,
    Conflict,
    DeliveryInstruction,
    InstructionKind,
    PostalError,
)
from postal_client import NotFound as CarrierNotFound

log = logging.getLogger(__name__)
FINAL_ERRORS = (Conflict, CarrierNotFound)


class NotSubmittedYet(RuntimeError):
    """The parcel's shipment is still being submitted: try again once the carrier has it."""


def send_instructions(work: list[list[int]]) -> None:
    """Send instructions: [instruction id, outbox entry id] pairs."""
    retry_error = None
    for instruction_id, entry_id in work:
        instruction = db.session.get(CarrierInstruction, instruction_id)
        if instruction is None or instruction.state != InstructionState.WAITING:
            outbox.finish(entry_id)
            db.session.commit()
            continue
        retry_error = send(instruction, entry_id) or retry_error
    if retry_error:
        raise retry_error


def send(instruction: CarrierInstruction, entry_id: int | None) -> Exception | None:
    """Send one instruction and keep the outcome; return an error worth retrying."""
    instruction.attempts += 1
    try:
        reference = deliver(instruction)
    except (PostalError, NotSubmittedYet) as error:
        return note_failure(instruction, error, entry_id)
    instruction.state = InstructionState.ACCEPTED if reference else InstructionState.NOT_NEEDED
    instruction.carrier_reference = reference
    instruction.sent_at = utcnow()
    instruction.last_error = None
    outbox.finish(entry_id)
    db.session.commit()
    return None


def deliver(instruction: CarrierInstruction) -> str | None:
    """Tell the carrier; return its reference, or None when the carrier no longer needs it."""
    parcel = instruction.parcel
    shipment = parcel.current_shipment
    if shipment is None or shipment.state == ShipmentState.WAITING:
        if parcel.batch_id is None:
            return None
        raise NotSubmittedYet(f"parcel {parcel.tracking_code} is not at the carrier yet")
    if shipment.state != ShipmentState.SUBMITTED:
        return None
    key = f"antar-instruction-{instruction.id}"
    client = carrier_client()
    if instruction.kind == RECALL and parcel.status == ParcelStatus.SUBMITTED:
        try:
            client.cancel_shipment(shipment.carrier_shipment_id)
        except Conflict:
            pass  # picked up meanwhile: it comes back as a return
        else:
            keep_at_office(instruction)
            return f"cancelled {shipment.carrier_shipment_id}"
    receipt = client.send_instruction(
        shipment.carrier_shipment_id, carrier_instruction(instruction), idempotency_key=key
    )
    return receipt.id


def keep_at_office(instruction: CarrierInstruction) -> None:
    """The booking is cancelled before pickup: the parcel is ready at the office again."""
    parcel = instruction.parcel
    parcel.current_shipment.state = ShipmentState.CANCELLED
    parcel.batch_id = None
    record_event(
        parcel,
        Report(
            status=ParcelStatus.READY,
            occurred_at=max(utcnow(), parcel.status_changed_at),
            source=EventSource.SYSTEM,
            dedupe_key=f"recalled:{instruction.id}",
            note="booking cancelled: the resident collects it at the office",
        ),
    )


def carrier_instruction(instruction: CarrierInstruction) -> DeliveryInstruction:
    """The instruction in the carrier's words."""
    details = instruction.details
    if instruction.kind == RECALL:
        return DeliveryInstruction(InstructionKind.RETURN_TO_SENDER)
    kind = InstructionKind(instruction.kind)
    if "delivery_date" in details:
        return DeliveryInstruction(kind, delivery_date=date.fromisoformat(details["delivery_date"]))
    if "address" in details:
        address = details["address"]
        return DeliveryInstruction(
            kind, address=Address(**address | {"lines": tuple(address["lines"])})
        )
    return DeliveryInstruction(kind, **details)


def note_failure(
    instruction: CarrierInstruction, error: Exception, entry_id: int | None
) -> Exception | None:
    """Keep the error for staff; give up when the carrier refused or after the last attempt."""
    message = f"{type(error).__name__}: {error}"[:2000]
    instruction.last_error = message
    exhausted = instruction.attempts >= current_app.config["SUBMISSION_MAX_ATTEMPTS"]
    log.warning("instruction %s for the carrier failed: %s", instruction.id, message)
    if isinstance(error, FINAL_ERRORS) or exhausted:
        instruction.state = InstructionState.FAILED
        outbox.finish(entry_id, error=message)
        db.session.commit()
        return None
    db.session.commit()
    return error
