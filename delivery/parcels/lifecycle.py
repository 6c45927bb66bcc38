"""The parcel lifecycle (DESIGN.md, "Parcel lifecycle"): which status may follow which, the
named sets of statuses the rest of the app asks about, and the one write path every change of
a parcel's status takes.

`move_parcel` checks the table, sets the status, notes the change in the audit trail and sends
`parcel_status_changed` inside the caller's transaction; what follows a change (a message to
the resident) subscribes to that signal, so this module knows none of it.
"""

from datetime import datetime

from blinker import Namespace
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.errors import Conflict
from delivery.models import (
    AttemptReason,
    EventSource,
    Parcel,
    ParcelStatus,
    TrackingEvent,
    User,
)

S = ParcelStatus
NEXT_STATUSES: dict[ParcelStatus, frozenset[ParcelStatus]] = {
    S.READY: frozenset({S.SUBMITTED, S.CANCELLED}),
    S.SUBMITTED: frozenset({S.IN_TRANSIT, S.CANCELLED}),
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

# Where a parcel stands
FINAL_STATUSES = frozenset({S.DELIVERED, S.COLLECTED, S.CANCELLED})
HANDED_OVER = frozenset({S.DELIVERED, S.COLLECTED})
WITH_THE_CARRIER = frozenset(
    {S.SUBMITTED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.RETURNING, S.EXCEPTION}
)
ON_THE_WAY = frozenset({S.SUBMITTED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED})
COMING_BACK = frozenset({S.RETURNING, S.RETURNED})

# What may happen to it: a courier puts a parcel on the way on a round, which sends out one the
# post holds; a visit is recorded while the parcel may be at the door
SENT_OUT_WHEN_PUT_ON_A_ROUND = frozenset({S.IN_TRANSIT, S.ATTEMPT_FAILED})
OPEN_FOR_A_DOOR_VISIT = frozenset({S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED})
DECISIONS_ON_AN_EXCEPTION = (S.RETURNING, S.IN_TRANSIT, S.CANCELLED)  # in the order staff see

# What follows a change: the resident is told of these; the failed attempts are counted again
# after these (ready starts a new count); a failed attempt for these reasons returns the parcel
ANNOUNCED_TO_THE_RESIDENT = frozenset({S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.RETURNED})
RECOUNTS_FAILED_ATTEMPTS = frozenset({S.READY, S.ATTEMPT_FAILED})
REASONS_TO_RETURN_AT_ONCE = frozenset({AttemptReason.REFUSED, AttemptReason.ADDRESS_NOT_FOUND})

lifecycle_signals = Namespace()
parcel_status_changed = lifecycle_signals.signal("parcel-status-changed")
"""Sent with the parcel after its status changed, inside the transaction that changed it;
receivers get `before` (the old status) and `event` (the tracking event, if one reported it)."""


class StatusChangeRefused(Conflict):
    """The lifecycle does not let a parcel in its status become the one asked for."""

    code = "status_change_refused"


def may_move(current: ParcelStatus, new: ParcelStatus) -> bool:
    """Tell whether a parcel in `current` may go to `new`."""
    return new in NEXT_STATUSES[current]


def check_move(parcel: Parcel, new: ParcelStatus) -> None:
    """Refuse a move the lifecycle does not allow, naming both statuses."""
    if not may_move(parcel.status, new):
        raise StatusChangeRefused(
            _(
                "A parcel that is %(current)s cannot become %(new)s.",
                current=parcel.status.value,
                new=new.value,
            ),
            field="status",
        )


def move_parcel(
    parcel: Parcel,
    to_status: ParcelStatus,
    *,
    at: datetime,
    source: EventSource,
    actor: User | None = None,
    reason: AttemptReason | None = None,
    event: TrackingEvent | None = None,
) -> None:
    """Move the parcel to `to_status` as of `at`: the one way a parcel's status changes."""
    check_move(parcel, to_status)
    before = parcel.status
    parcel.status = to_status
    parcel.status_changed_at = at
    record_change(
        "parcel.status",
        parcel,
        actor=actor,
        actor_label=None if actor else source.value,
        before={"status": before.value},
        after={
            "status": to_status.value,
            "source": source.value,
            "reason": reason.value if reason else None,
        },
    )
    parcel_status_changed.send(parcel, before=before, event=event)
