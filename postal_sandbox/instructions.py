"""Instructions a sender gives for a shipment on its way, as the sandbox carrier takes them.

Each kind needs one field; a recall (return_to_sender) after pickup turns the rest of the
shipment's story into a return, and before pickup is refused (cancel the shipment instead).
"""

import re
from datetime import date
from typing import Any

from postal_client import InstructionKind
from postal_sandbox.routing import ApiError
from postal_sandbox.validation import PHONE_PATTERN, check_address

NEEDED_FIELD = {
    InstructionKind.DELIVERY_NOTE: "note",
    InstructionKind.RECIPIENT_PHONE: "phone",
    InstructionKind.AUTHORIZED_RECEIVER: "receiver_name",
    InstructionKind.DELIVERY_DATE: "delivery_date",
    InstructionKind.DELIVER_TO_VILLAGE_OFFICE: "address",
    InstructionKind.ADDRESS_CORRECTION: "address",
    InstructionKind.RETURN_TO_SENDER: None,
}
MAX_TEXT = 200


def validate_instruction(body: dict[str, Any]) -> InstructionKind:
    """Return the instruction's kind, or raise a 422 naming every invalid field."""
    try:
        kind = InstructionKind(body.get("kind"))
    except ValueError:
        kinds = ", ".join(kind.value for kind in InstructionKind)
        raise ApiError(
            422, "validation_failed", "unknown instruction", fields={"kind": f"one of {kinds}"}
        ) from None
    problems: dict[str, str] = {}
    needed = NEEDED_FIELD[kind]
    if needed:
        check = FIELD_CHECKS[needed]
        check(body.get(needed), needed, problems)
    if problems:
        raise ApiError(
            422, "validation_failed", "the instruction has invalid fields", fields=problems
        )
    return kind


def check_text(value: Any, name: str, problems: dict[str, str]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems[name] = "required"
    elif len(value) > MAX_TEXT:
        problems[name] = f"at most {MAX_TEXT} characters"


def check_phone(value: Any, name: str, problems: dict[str, str]) -> None:
    compact = re.sub(r"[\s-]", "", value) if isinstance(value, str) else ""
    if not PHONE_PATTERN.fullmatch(compact):
        problems[name] = "required, an Indonesian number such as 081234567890"


def check_day(value: Any, name: str, problems: dict[str, str]) -> None:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        problems[name] = "required, a date as YYYY-MM-DD"


FIELD_CHECKS = {
    "note": check_text,
    "receiver_name": check_text,
    "phone": check_phone,
    "delivery_date": check_day,
    "address": check_address,
}
