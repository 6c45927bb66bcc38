"""Applying tracking events to parcels, whatever their source, through the lifecycle.

Events can arrive late, twice, or out of order: the same event (by dedupe key) counts once,
an event older than the parcel's latest never moves it back, a final status is never left,
and a move the lifecycle forbids is kept for staff (outcome `rejected`), not applied. A kept
event is tried again whenever the parcel moves, so an event that only arrived early lands.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from delivery.audit import record_change
from delivery.clock import utcnow
from delivery.database import db
from delivery.lifecycle import is_final, may_move
from delivery.models import (
    AttemptReason,
    EventOutcome,
    EventSource,
    Parcel,
    ParcelStatus,
    TrackingEvent,
    User,
)

log = logging.getLogger(__name__)
RETURN_AT_ONCE = frozenset({AttemptReason.REFUSED, AttemptReason.ADDRESS_NOT_FOUND})


@dataclass(frozen=True)
class Report:
    """One reported change of a parcel, before it is applied."""

    status: ParcelStatus
    occurred_at: datetime
    source: EventSource
    dedupe_key: str
    reason: AttemptReason | None = None
    carrier_code: str | None = None
    location: str | None = None
    note: str | None = None
    actor: User | None = None


def record_event(parcel: Parcel, report: Report) -> TrackingEvent | None:
    """Record a report against the parcel and apply it if the lifecycle allows; None if seen."""
    if db.session.scalar(sa.select(TrackingEvent.id).filter_by(dedupe_key=report.dedupe_key)):
        return None
    event = TrackingEvent(
        parcel=parcel,
        dedupe_key=report.dedupe_key,
        source=report.source,
        status=report.status,
        reason=report.reason,
        carrier_code=report.carrier_code,
        location=report.location,
        occurred_at=report.occurred_at,
        received_at=utcnow(),
        note=report.note,
        actor=report.actor,
        outcome=judge(parcel, report.status, report.occurred_at),
    )
    try:
        with db.session.begin_nested():
            db.session.add(event)
    except sa.exc.IntegrityError:
        return None  # the same event was recorded by a concurrent worker
    if event.outcome == EventOutcome.APPLIED:
        apply(parcel, event)
    elif event.outcome == EventOutcome.REJECTED:
        log.warning(
            "parcel %s: %s -> %s is not allowed; kept for staff",
            parcel.tracking_code,
            parcel.status.value,
            event.status.value,
        )
    return event


def judge(parcel: Parcel, status: ParcelStatus, occurred_at: datetime) -> EventOutcome:
    """Decide what an event may do to the parcel as it stands."""
    if occurred_at < parcel.status_changed_at:
        return EventOutcome.STALE
    if status == parcel.status:
        return EventOutcome.APPLIED
    if is_final(parcel.status) or not may_move(parcel.status, status):
        return EventOutcome.REJECTED
    return EventOutcome.APPLIED


def apply(parcel: Parcel, event: TrackingEvent) -> None:
    """Move the parcel, follow the office's return rule, then retry events kept earlier."""
    before = parcel.status
    parcel.status = event.status
    parcel.status_changed_at = event.occurred_at
    if before != event.status:
        record_change(
            "parcel.status",
            parcel,
            actor=event.actor,
            actor_label=None if event.actor else event.source.value,
            before={"status": before.value},
            after={
                "status": event.status.value,
                "source": event.source.value,
                "reason": event.reason.value if event.reason else None,
            },
        )
    if event.status == ParcelStatus.ATTEMPT_FAILED:
        follow_return_rule(parcel, event)
    retry_kept_events(parcel)


def follow_return_rule(parcel: Parcel, attempt: TrackingEvent) -> None:
    """After the office's number of failed attempts, a refusal or no such address: return."""
    parcel.failed_attempts = count_failed_attempts(parcel)
    limit_reached = parcel.failed_attempts >= parcel.office.attempts_before_return
    if not limit_reached and attempt.reason not in RETURN_AT_ONCE:
        return
    reason = attempt.reason if attempt.reason in RETURN_AT_ONCE else AttemptReason.MAX_ATTEMPTS
    record_event(
        parcel,
        Report(
            status=ParcelStatus.RETURNING,
            occurred_at=attempt.occurred_at,
            source=EventSource.SYSTEM,
            dedupe_key=f"return-rule:{attempt.id}",
            reason=reason,
            note=f"{parcel.failed_attempts} / {parcel.office.attempts_before_return}",
        ),
    )


def count_failed_attempts(parcel: Parcel) -> int:
    """Count failed attempts since the parcel was last handed to the carrier."""
    since = parcel.current_shipment.created_at if parcel.current_shipment else parcel.created_at
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(TrackingEvent)
        .where(
            TrackingEvent.parcel_id == parcel.id,
            TrackingEvent.status == ParcelStatus.ATTEMPT_FAILED,
            TrackingEvent.outcome.in_([EventOutcome.APPLIED, EventOutcome.STALE]),
            TrackingEvent.occurred_at >= since,
        )
    )


def retry_kept_events(parcel: Parcel) -> None:
    """Apply, in time order, kept events that the parcel's new status now allows."""
    kept = db.session.scalars(
        sa.select(TrackingEvent)
        .where(
            TrackingEvent.parcel_id == parcel.id,
            TrackingEvent.outcome == EventOutcome.REJECTED,
            TrackingEvent.occurred_at >= parcel.status_changed_at,
        )
        .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
    ).all()
    for event in kept:
        if judge(parcel, event.status, event.occurred_at) == EventOutcome.APPLIED:
            event.outcome = EventOutcome.APPLIED
            apply(parcel, event)
            return


def timeline(parcel: Parcel) -> list[TrackingEvent]:
    """Every event of the parcel in the order it happened."""
    return list(
        db.session.scalars(
            sa.select(TrackingEvent)
            .where(TrackingEvent.parcel_id == parcel.id)
            .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
        )
    )
