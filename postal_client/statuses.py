"""The carrier's numeric tracking codes, and what each says in the carrier's own words.

The carrier publishes four-digit codes grouped by their first digit, the way Indonesian
couriers do: 1xxx in the carrier's hands, 2xxx out for delivery, 3xxx delivered,
4xxx failed attempt, 5xxx return to sender, 6xxx irregularity. `Status` names those groups
(the return group says whether the shipment is still on its way back or back already) and
`Reason` names why an attempt failed, a return began or an irregularity happened, as the
carrier's code list words them. What they mean to a caller is the caller's to decide.
"""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Where the carrier says a shipment is: its code groups, in its words."""

    IN_CARRIER_HANDS = "in_carrier_hands"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    FAILED_ATTEMPT = "failed_attempt"
    RETURNING_TO_SENDER = "returning_to_sender"
    RETURNED_TO_SENDER = "returned_to_sender"
    IRREGULARITY = "irregularity"


class Reason(StrEnum):
    """Why the carrier failed an attempt, returns a shipment or reports an irregularity."""

    ADDRESSEE_NOT_AT_HOME = "addressee_not_at_home"
    ADDRESS_NOT_FOUND = "address_not_found"
    REFUSED_BY_ADDRESSEE = "refused_by_addressee"
    ADDRESSEE_MOVED = "addressee_moved"
    RECEIVER_NOT_ENTITLED = "receiver_not_entitled"
    DELIVERY_ATTEMPTS_EXHAUSTED = "delivery_attempts_exhausted"
    LOST = "lost"
    DAMAGED = "damaged"
    HELD_FOR_INSPECTION = "held_for_inspection"
    RECALLED_BY_SENDER = "recalled_by_sender"


@dataclass(frozen=True)
class CodeMeaning:
    """What one carrier code says: its published label, its group and its reason."""

    label: str
    status: Status
    reason: Reason | None = None


class UnknownCarrierCode(KeyError):
    """The carrier sent a code this table does not know; the table needs a new row."""


CARRIER_CODES: dict[int, CodeMeaning] = {
    1010: CodeMeaning("picked up / received at counter", Status.IN_CARRIER_HANDS),
    1020: CodeMeaning("manifested to destination", Status.IN_CARRIER_HANDS),
    1030: CodeMeaning("arrived at mail processing centre", Status.IN_CARRIER_HANDS),
    1040: CodeMeaning("departed mail processing centre", Status.IN_CARRIER_HANDS),
    1050: CodeMeaning("arrived at delivery office", Status.IN_CARRIER_HANDS),
    2010: CodeMeaning("out for delivery", Status.OUT_FOR_DELIVERY),
    2020: CodeMeaning("out for re-delivery", Status.OUT_FOR_DELIVERY),
    3010: CodeMeaning("delivered to addressee", Status.DELIVERED),
    3020: CodeMeaning("delivered to household member", Status.DELIVERED),
    3030: CodeMeaning("delivered to village office", Status.DELIVERED),
    4010: CodeMeaning(
        "failed: addressee not at home", Status.FAILED_ATTEMPT, Reason.ADDRESSEE_NOT_AT_HOME
    ),
    4020: CodeMeaning("failed: address not found", Status.FAILED_ATTEMPT, Reason.ADDRESS_NOT_FOUND),
    4030: CodeMeaning(
        "failed: refused by addressee", Status.FAILED_ATTEMPT, Reason.REFUSED_BY_ADDRESSEE
    ),
    4040: CodeMeaning("failed: addressee moved", Status.FAILED_ATTEMPT, Reason.ADDRESSEE_MOVED),
    4050: CodeMeaning(
        "failed: receiver not entitled", Status.FAILED_ATTEMPT, Reason.RECEIVER_NOT_ENTITLED
    ),
    5010: CodeMeaning(
        "returning: delivery attempts exhausted",
        Status.RETURNING_TO_SENDER,
        Reason.DELIVERY_ATTEMPTS_EXHAUSTED,
    ),
    5020: CodeMeaning(
        "returning: refused", Status.RETURNING_TO_SENDER, Reason.REFUSED_BY_ADDRESSEE
    ),
    5030: CodeMeaning(
        "returning: address not found", Status.RETURNING_TO_SENDER, Reason.ADDRESS_NOT_FOUND
    ),
    5040: CodeMeaning(
        "returning: addressee moved", Status.RETURNING_TO_SENDER, Reason.ADDRESSEE_MOVED
    ),
    5050: CodeMeaning(
        "returning: recalled by sender", Status.RETURNING_TO_SENDER, Reason.RECALLED_BY_SENDER
    ),
    5090: CodeMeaning("returned to sender", Status.RETURNED_TO_SENDER),
    6010: CodeMeaning("lost", Status.IRREGULARITY, Reason.LOST),
    6020: CodeMeaning("damaged", Status.IRREGULARITY, Reason.DAMAGED),
    6030: CodeMeaning("held for inspection", Status.IRREGULARITY, Reason.HELD_FOR_INSPECTION),
}


def meaning_of(code: int) -> CodeMeaning:
    """Return what a carrier code says, or raise UnknownCarrierCode."""
    try:
        return CARRIER_CODES[code]
    except KeyError:
        raise UnknownCarrierCode(code) from None
