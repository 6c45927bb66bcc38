"""How staff read what the carrier was told, and where that stands."""

from flask_babel import lazy_gettext as _l

from delivery.instructions.kinds import RECALL
from delivery.models import CarrierInstruction, InstructionState
from postal_client import InstructionKind

KIND_LABELS = {
    RECALL: _l("Recall for collection at the office"),
    InstructionKind.DELIVERY_NOTE: _l("Directions for the courier"),
    InstructionKind.RECIPIENT_PHONE: _l("Phone to call"),
    InstructionKind.AUTHORIZED_RECEIVER: _l("Representative who may receive it"),
    InstructionKind.DELIVERY_DATE: _l("Day to deliver"),
    InstructionKind.DELIVER_TO_VILLAGE_OFFICE: _l("Deliver to the village office"),
    InstructionKind.ADDRESS_CORRECTION: _l("Corrected address"),
}
STATE_LABELS = {
    InstructionState.WAITING: _l("waiting to be sent"),
    InstructionState.ACCEPTED: _l("accepted by the postal service"),
    InstructionState.FAILED: _l("refused or not delivered"),
    InstructionState.NOT_NEEDED: _l("not needed: the postal service does not hold it"),
}


def instruction_label(instruction: CarrierInstruction) -> str:
    return str(KIND_LABELS.get(instruction.kind, instruction.kind))


def instruction_state_label(instruction: CarrierInstruction) -> str:
    return str(STATE_LABELS[instruction.state])
