"""Applying tracking events to parcels, whatever their source, through the lifecycle.

Events can arrive late, twice, or out of order: the same event (by dedupe key) counts once,
an event older than the parcel's latest never moves it back, a final status is never left,
and a move the lifecycle forbids is kept for staff (outcome `rejected`), not applied. A kept
event is tried again whenever the parcel moves, so an event that only arrived early lands.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import (
    AttemptReason,
    EventOutcome,
    EventSource,
    Parcel,
    ParcelStatus,
    TrackingEvent,
    User,
)
from delivery.parcels.lifecycle import (
    REASONS_TO_RETURN_AT_ONCE,
    RECOUNTS_FAILED_ATTEMPTS,
    may_move,
    move_parcel,
)

log = logging.getLogger(__name__)
COUNTED_OUTCOMES = (EventOutcome.APPLIED, EventOutcome.STALE)


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
    reported_at: datetime | None = None  # the source's own time, where it was dated otherwise


def record_event(parcel: Parcel, report: Report) -> TrackingEvent | None:
    """Record a report against the parcel and apply it if the lifecycle allows; None if seen."""
    return record_events([(parcel, report)])[0]


def record_events(
    reports: Sequence[tuple[Parcel, Report]], *, guard_each: bool = True
) -> list[TrackingEvent | None]:
    """Record many reports in order with a few queries for all of them.

    With guard_each, each event is written in its own savepoint, so an event recorded by a
    concurrent worker in between is skipped; without it, such a race fails the transaction
    at commit (for callers that retry the whole batch).
    """
    recorder = Recorder.for_parcels(
        {parcel for parcel, _report in reports}, [report.dedupe_key for _parcel, report in reports]
    )
    recorder.guard_each = guard_each
    return [recorder.record(parcel, report) for parcel, report in reports]


class Recorder:
    """Records events for some parcels, knowing the dedupe keys seen and the events kept."""

    def __init__(self, seen_keys: set[str], kept: dict[int, list[TrackingEvent]]) -> None:
        self.seen_keys = seen_keys
        self.kept = kept
        self.guard_each = True

    @classmethod
    def for_parcels(cls, parcels: set[Parcel], keys: list[str]) -> "Recorder":
        seen = set(
            db.session.scalars(
                sa.select(TrackingEvent.dedupe_key).where(TrackingEvent.dedupe_key.in_(keys))
            )
        )
        kept: dict[int, list[TrackingEvent]] = defaultdict(list)
        for event in db.session.scalars(
            sa.select(TrackingEvent)
            .where(
                TrackingEvent.parcel_id.in_([parcel.id for parcel in parcels]),
                TrackingEvent.outcome == EventOutcome.REJECTED,
            )
            .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
        ):
            kept[event.parcel_id].append(event)
        return cls(seen, kept)

    def record(self, parcel: Parcel, report: Report) -> TrackingEvent | None:
        """Record one report; apply it, keep it for staff, or note it as stale."""
        if report.dedupe_key in self.seen_keys:
            return None
        self.seen_keys.add(report.dedupe_key)
        event = TrackingEvent(
            parcel=parcel,
            office_id=parcel.office_id,
            dedupe_key=report.dedupe_key,
            source=report.source,
            status=report.status,
            reason=report.reason,
            carrier_code=report.carrier_code,
            location=report.location,
            occurred_at=report.occurred_at,
            received_at=utcnow(),
            reported_at=report.reported_at,
            note=report.note,
            actor=report.actor,
            outcome=judge(parcel, report.status, report.occurred_at),
        )
        if not self.write(event):
            return None
        if event.outcome == EventOutcome.APPLIED:
            self.apply(parcel, event)
        elif event.outcome == EventOutcome.REJECTED:
            self.kept[parcel.id].append(event)
            log.warning(
                "parcel %s: %s -> %s is not allowed; kept for staff",
                parcel.tracking_code,
                parcel.status.value,
                event.status.value,
            )
        elif event.status == ParcelStatus.ATTEMPT_FAILED:  # reported late, but it happened
            parcel.failed_attempts = self.count_failed_attempts(parcel)
        return event

    def count_failed_attempts(self, parcel: Parcel) -> int:
        """The parcel's failed attempts, counted in the database (a recorder that holds the
        parcel's events may count them itself)."""
        return count_failed_attempts(parcel)

    def write(self, event: TrackingEvent) -> bool:
        """Add the event; False if a concurrent worker recorded the same one meanwhile."""
        if not self.guard_each:
            db.session.add(event)
            return True
        try:
            with db.session.begin_nested():
                db.session.add(event)
        except sa.exc.IntegrityError:
            return False
        return True

    def apply(self, parcel: Parcel, event: TrackingEvent) -> None:
        """Move the parcel, follow the office's return rule, then retry events kept earlier."""
        if event.status == parcel.status:  # reported again: the status stands as of this report
            parcel.status_changed_at = event.occurred_at
        else:
            move_parcel(
                parcel,
                event.status,
                at=event.occurred_at,
                source=event.source,
                actor=event.actor,
                reason=event.reason,
                event=event,
            )
        if event.status in RECOUNTS_FAILED_ATTEMPTS:
            parcel.failed_attempts = self.count_failed_attempts(parcel)
        if event.status == ParcelStatus.ATTEMPT_FAILED:
            self.follow_return_rule(parcel, event)
        self.retry_kept_events(parcel)

    def follow_return_rule(self, parcel: Parcel, attempt: TrackingEvent) -> None:
        """After the office's number of failed attempts, a refusal or no such address: return."""
        limit_reached = parcel.failed_attempts >= parcel.office.attempts_before_return
        if not limit_reached and attempt.reason not in REASONS_TO_RETURN_AT_ONCE:
            return
        at_once = attempt.reason in REASONS_TO_RETURN_AT_ONCE
        reason = attempt.reason if at_once else AttemptReason.MAX_ATTEMPTS
        self.record(
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

    def retry_kept_events(self, parcel: Parcel) -> None:
        """Apply, in time order, the first kept event that the parcel's new status allows."""
        for event in sorted(self.kept[parcel.id], key=lambda e: (e.occurred_at, e.id)):
            if judge(parcel, event.status, event.occurred_at) == EventOutcome.APPLIED:
                event.outcome = EventOutcome.APPLIED
                self.kept[parcel.id].remove(event)
                self.apply(parcel, event)
                return


def judge(parcel: Parcel, status: ParcelStatus, occurred_at: datetime) -> EventOutcome:
    """Decide what an event may do to the parcel as it stands."""
    if occurred_at < parcel.status_changed_at:
        return EventOutcome.STALE
    if status == parcel.status:
        return EventOutcome.APPLIED
    if not may_move(parcel.status, status):  # a final status may move nowhere
        return EventOutcome.REJECTED
    return EventOutcome.APPLIED


def count_failed_attempts(parcel: Parcel) -> int:
    """Count the failed attempts at the door since the parcel was last made ready to send
    (packed, or sent again after a return), those reported late included.

    The recorder keeps the count in `Parcel.failed_attempts`, which every page shows (courier,
    staff, resident) and the return rule reads, so they all say the same number."""
    counted = sa.select(sa.func.count()).where(
        TrackingEvent.parcel_id == parcel.id,
        TrackingEvent.status == ParcelStatus.ATTEMPT_FAILED,
        TrackingEvent.outcome.in_(COUNTED_OUTCOMES),
    )
    made_ready = db.session.execute(
        sa.select(TrackingEvent.occurred_at, TrackingEvent.id)
        .where(
            TrackingEvent.parcel_id == parcel.id,
            TrackingEvent.status == ParcelStatus.READY,
            TrackingEvent.outcome == EventOutcome.APPLIED,
        )
        .order_by(TrackingEvent.occurred_at.desc(), TrackingEvent.id.desc())
        .limit(1)
    ).first()
    if made_ready:  # in time order, then in the order recorded (a frozen clock gives ties)
        counted = counted.where(
            sa.tuple_(TrackingEvent.occurred_at, TrackingEvent.id) > tuple(made_ready)
        )
    return db.session.scalar(counted)


def timeline(parcel: Parcel) -> list[TrackingEvent]:
    """Every event of the parcel in the order it happened."""
    return list(
        db.session.scalars(
            sa.select(TrackingEvent)
            .where(TrackingEvent.parcel_id == parcel.id)
            .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
        )
    )
