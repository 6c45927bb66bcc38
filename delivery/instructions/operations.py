"""Writing down an instruction for the carrier in the transaction of the change that calls for it.

A parcel the carrier holds (or is about to hold: its shipment is being submitted) gets an
instruction and an outbox entry, handed to the job when the transaction commits. A parcel still
at the office needs none.
"""

from typing import Any

import sqlalchemy as sa

from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.instructions.kinds import RECALL
from delivery.instructions.tasks import send_carrier_instructions
from delivery.models import (
    CarrierInstruction,
    InstructionState,
    Parcel,
    ParcelStatus,
    ShipmentState,
)
from delivery.parcels.lifecycle import WITH_THE_CARRIER


def carrier_may_hold(parcel: Parcel) -> bool:
    """Tell whether the carrier holds the parcel, or will once its submission goes through."""
    shipment = parcel.current_shipment
    if parcel.status in WITH_THE_CARRIER:
        return True
    return (
        parcel.status == ParcelStatus.READY
        and parcel.batch_id is not None
        and shipment is not None
        and shipment.state == ShipmentState.WAITING
    )


def instruct_carrier(parcel: Parcel, kind: str, **details: Any) -> CarrierInstruction | None:
    """Queue an instruction for the carrier if it holds the parcel; None if it does not."""
    if not carrier_may_hold(parcel):
        return None
    instruction = CarrierInstruction(
        parcel=parcel, shipment=parcel.current_shipment, kind=kind, details=details
    )
    db.session.add(instruction)
    db.session.flush()
    outbox.add_work(send_carrier_instructions, [instruction.id])
    return instruction


def parcel_instructions(parcel: Parcel) -> list[CarrierInstruction]:
    """The parcel's instructions, newest first, for the staff's parcel page."""
    return list(
        db.session.scalars(
            sa.select(CarrierInstruction)
            .where(CarrierInstruction.parcel_id == parcel.id)
            .order_by(CarrierInstruction.id.desc())
        )
    )


def waiting_recall(parcel: Parcel) -> bool:
    """Tell whether a recall of the parcel waits to reach the carrier."""
    return bool(
        db.session.scalar(
            sa.select(CarrierInstruction.id).where(
                CarrierInstruction.parcel_id == parcel.id,
                CarrierInstruction.kind == RECALL,
                CarrierInstruction.state == InstructionState.WAITING,
            )
        )
    )
