"""No event time ahead of Antar's clock: a source whose clock runs ahead (a carrier's, a
phone's) keeps its own time beside the event, and the event is dated by Antar's clock, so no
page shows, and no figure counts, a moment that has not come yet.

Dating keeps the order the source's times give: an event is dated no earlier than the events
reported before it and before those reported after it, so an event that happened earlier can
never move a parcel past what a later one did, whenever each arrives.
"""

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import Parcel, TrackingEvent

log = logging.getLogger(__name__)
TICK = timedelta(microseconds=1)


def dated_by_our_clock(parcel: Parcel, reported: datetime) -> tuple[datetime, datetime | None]:
    """The time to record an event at, and the source's own time when that differs (else None)."""
    as_reported = sa.func.coalesce(TrackingEvent.reported_at, TrackingEvent.occurred_at)
    before, after = db.session.execute(
        sa.select(
            sa.func.max(sa.case((as_reported < reported, TrackingEvent.occurred_at))),
            sa.func.min(sa.case((as_reported > reported, TrackingEvent.occurred_at))),
        ).where(TrackingEvent.parcel_id == parcel.id)
    ).one()
    return dated_between(parcel, reported, before, after)


def dated_among(
    parcel: Parcel, reported: datetime, known: list[tuple[datetime, datetime]]
) -> tuple[datetime, datetime | None]:
    """As dated_by_our_clock, given the parcel's events as (source's time, recorded time) pairs
    (for callers that read them once for many events)."""
    before = max((at for source_time, at in known if source_time < reported), default=None)
    after = min((at for source_time, at in known if source_time > reported), default=None)
    return dated_between(parcel, reported, before, after)


def dated_between(
    parcel: Parcel, reported: datetime, before: datetime | None, after: datetime | None
) -> tuple[datetime, datetime | None]:
    """Date an event no later than now or than the earliest event its source dates after it,
    and no earlier than the latest event its source dates before it."""
    moment = min(reported, utcnow(), after - TICK if after else reported)
    moment = max(moment, before) if before else moment
    if moment == reported:
        return reported, None
    log.info(
        "parcel %s: an event its source dates %s is dated %s by our clock",
        parcel.tracking_code,
        reported.isoformat(),
        moment.isoformat(),
    )
    return moment, reported
