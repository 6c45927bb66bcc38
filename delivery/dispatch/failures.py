"""Why the carrier did not take a shipment, kept so that staff read it in their own words.

The kind of failure and the fields the carrier refused (each `missing` or `invalid`) are kept on
the shipment; the pages turn them into a sentence in the reader's language. The carrier's own
message (error class, HTTP status, request id, its words per field) stays in `last_error`, which
only administrators see, behind a toggle.
"""

from collections import defaultdict
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.dispatch.carrier import shipment_request
from delivery.models import Shipment, SubmissionFailure
from postal_client import (
    AuthenticationError,
    ConnectionFailed,
    PostalError,
    RateLimited,
    ServerError,
    UnexpectedResponse,
    ValidationFailed,
)

F = SubmissionFailure
KINDS: tuple[tuple[type[PostalError] | tuple[type[PostalError], ...], SubmissionFailure], ...] = (
    (ValidationFailed, F.REFUSED),
    (AuthenticationError, F.CREDENTIALS),
    (ConnectionFailed, F.UNREACHABLE),
    (RateLimited, F.RATE_LIMITED),
    ((ServerError, UnexpectedResponse), F.CARRIER_ERROR),
)
MISSING, INVALID = "missing", "invalid"

SENTENCES = {
    F.CREDENTIALS: _l(
        "The postal service did not accept the office's sign-in. An administrator must check "
        "the carrier settings."
    ),
    F.UNREACHABLE: _l("The postal service could not be reached."),
    F.CARRIER_ERROR: _l("The postal service had a fault and did not take the parcel."),
    F.RATE_LIMITED: _l("The postal service was too busy to take the parcel."),
    F.OTHER: _l("The postal service did not take the parcel."),
}
REFUSALS = {  # by the part of the shipment the refused fields belong to, most specific first
    "recipient.address": _l("The postal service refused the address: %(problems)s."),
    "recipient": _l("The postal service refused the recipient: %(problems)s."),
    "sender": _l("The postal service refused the office's details: %(problems)s."),
    "": _l("The postal service refused the parcel: %(problems)s."),
}
FIELD_NAMES = {
    "lines": _l("street"),
    "village": _l("village"),
    "district": _l("district"),
    "regency": _l("regency or city"),
    "province": _l("province"),
    "postal_code": _l("postal code"),
    "address": _l("address"),
    "name": _l("name"),
    "phone": _l("phone number"),
    "weight_grams": _l("weight"),
    "reference": _l("tracking code"),
}
PROBLEMS = {MISSING: _l("%(field)s missing"), INVALID: _l("%(field)s not valid")}


def note_failure_kind(shipment: Shipment, error: PostalError) -> None:
    """Keep the kind of failure, and for a refusal whether each refused field was left empty."""
    shipment.failure_kind = next(
        (kind for classes, kind in KINDS if isinstance(error, classes)), F.OTHER
    )
    shipment.failure_fields = None
    if isinstance(error, ValidationFailed):
        sent = shipment_request(shipment.parcel, document_count=0).to_json()  # weight: never empty
        shipment.failure_fields = {
            name: MISSING if is_empty(value_at(sent, name)) else INVALID for name in error.fields
        }


def value_at(body: dict[str, Any], dotted_name: str) -> Any:
    """The value a carrier's field name ("recipient.address.postal_code") points at, if any."""
    value: Any = body
    for key in dotted_name.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_empty(item) for item in value)
    return value is None


def failure_sentence(shipment: Shipment) -> str:
    """Say in the reader's language why the carrier did not take the shipment."""
    kind = shipment.failure_kind or F.OTHER
    if kind != F.REFUSED:
        return str(SENTENCES[kind])
    if not shipment.failure_fields:
        return _("The postal service refused the parcel.")
    problems = defaultdict(list)
    for name, problem in shipment.failure_fields.items():
        part = next(part for part in REFUSALS if not part or name.startswith(part + "."))
        field = name.removeprefix(part + ".") if part else name
        label = FIELD_NAMES.get(field.rpartition(".")[2], field)
        problems[part].append(PROBLEMS.get(problem, PROBLEMS[INVALID]) % {"field": label})
    return " ".join(
        REFUSALS[part] % {"problems": ", ".join(listed)} for part, listed in problems.items()
    )
