"""The carrier's numeric tracking codes and the one table that normalizes them.

The carrier publishes four-digit codes grouped by their first digit, the way Indonesian
couriers do: 1xxx in the carrier's hands, 2xxx out for delivery, 3xxx delivered,
4xxx failed attempt, 5xxx return to sender, 6xxx irregularity.
"""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """The project's normalized tracking status."""

    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    ATTEMPT_FAILED = "attempt_failed"
    RETURNING = "returning"
    RETURNED = "returned"
    EXCEPTION = "exception"


class Reason(StrEnum):
    """The project's normalized reason for a failed attempt, a return or an exception."""

    NOT_AT_HOME = "not_at_home"
    ADDRESS_NOT_FOUND = "address_not_found"
    REFUSED = "refused"
    RECIPIENT_MOVED = "recipient_moved"
    NOT_ENTITLED = "not_entitled"
    MAX_ATTEMPTS = "max_attempts"
    LOST = "lost"
    DAMAGED = "damaged"
    HELD = "held"


@dataclass(frozen=True)
class CodeMeaning:
    """What one carrier code means in the project's terms."""

    label: str
    status: Status
    reason: Reason | None = None


class UnknownCarrierCode(KeyError):
    """The carrier sent a code this table does not know; the table needs a new row."""


CARRIER_CODES: dict[int, CodeMeaning] = {
    1010: CodeMeaning("picked up / received at counter", Status.IN_TRANSIT),
    1020: CodeMeaning("manifested to destination", Status.IN_TRANSIT),
    1030: CodeMeaning("arrived at mail processing centre", Status.IN_TRANSIT),
    1040: CodeMeaning("departed mail processing centre", Status.IN_TRANSIT),
    1050: CodeMeaning("arrived at delivery office", Status.IN_TRANSIT),
    2010: CodeMeaning("out for delivery", Status.OUT_FOR_DELIVERY),
    2020: CodeMeaning("out for re-delivery", Status.OUT_FOR_DELIVERY),
    3010: CodeMeaning("delivered to addressee", Status.DELIVERED),
    3020: CodeMeaning("delivered to household member", Status.DELIVERED),
    3030: CodeMeaning("delivered to village office", Status.DELIVERED),
    4010: CodeMeaning("failed: addressee not at home", Status.ATTEMPT_FAILED, Reason.NOT_AT_HOME),
    4020: CodeMeaning("failed: address not found", Status.ATTEMPT_FAILED, Reason.ADDRESS_NOT_FOUND),
    4030: CodeMeaning("failed: refused by addressee", Status.ATTEMPT_FAILED, Reason.REFUSED),
    4040: CodeMeaning("failed: addressee moved", Status.ATTEMPT_FAILED, Reason.RECIPIENT_MOVED),
    4050: CodeMeaning("failed: receiver not entitled", Status.ATTEMPT_FAILED, Reason.NOT_ENTITLED),
    5010: CodeMeaning(
        "returning: delivery attempts exhausted", Status.RETURNING, Reason.MAX_ATTEMPTS
    ),
    5020: CodeMeaning("returning: refused", Status.RETURNING, Reason.REFUSED),
    5030: CodeMeaning("returning: address not found", Status.RETURNING, Reason.ADDRESS_NOT_FOUND),
    5040: CodeMeaning("returning: addressee moved", Status.RETURNING, Reason.RECIPIENT_MOVED),
    5090: CodeMeaning("returned to sender", Status.RETURNED),
    6010: CodeMeaning("lost", Status.EXCEPTION, Reason.LOST),
    6020: CodeMeaning("damaged", Status.EXCEPTION, Reason.DAMAGED),
    6030: CodeMeaning("held for inspection", Status.EXCEPTION, Reason.HELD),
}


def meaning_of(code: int) -> CodeMeaning:
    """Return the normalized meaning of a carrier code, or raise UnknownCarrierCode."""
    try:
        return CARRIER_CODES[code]
    except KeyError:
        raise UnknownCarrierCode(code) from None
