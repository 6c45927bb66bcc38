"""The parcel lifecycle: which status may follow which (DESIGN.md, "Parcel lifecycle")."""

from delivery.models import FINAL_PARCEL_STATUSES, ParcelStatus

S = ParcelStatus
NEXT_STATUSES: dict[ParcelStatus, frozenset[ParcelStatus]] = {
    # READY → COLLECTED: the resident chose the counter, so it was never sent; SUBMITTED → READY:
    # the booking was cancelled before pickup for the same reason
    S.READY: frozenset({S.SUBMITTED, S.CANCELLED, S.COLLECTED}),
    S.SUBMITTED: frozenset({S.IN_TRANSIT, S.CANCELLED, S.READY}),
    S.IN_TRANSIT: frozenset({S.OUT_FOR_DELIVERY, S.EXCEPTION, S.RETURNING}),
    S.OUT_FOR_DELIVERY: frozenset({S.DELIVERED, S.ATTEMPT_FAILED, S.EXCEPTION}),
    S.ATTEMPT_FAILED: frozenset({S.OUT_FOR_DELIVERY, S.RETURNING}),
    S.RETURNING: frozenset({S.RETURNED}),
    S.RETURNED: frozenset({S.COLLECTED, S.READY}),
    S.EXCEPTION: frozenset({S.RETURNING, S.IN_TRANSIT, S.CANCELLED}),
    S.DELIVERED: frozenset(),
    S.COLLECTED: frozenset(),
    S.CANCELLED: frozenset(),
}
CARRIER_HOLDS = frozenset(
    {S.SUBMITTED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.RETURNING, S.EXCEPTION}
)


def may_move(current: ParcelStatus, new: ParcelStatus) -> bool:
    """Tell whether a parcel in `current` may go to `new`."""
    return new in NEXT_STATUSES[current]


def is_final(status: ParcelStatus) -> bool:
    return status in FINAL_PARCEL_STATUSES
