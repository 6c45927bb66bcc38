"""The office's parcels that changed since a moment, for a population system to pull.

A parcel changes when Antar records an event of it (whatever the event's own time) or when it
is packed. Pages end between moments, never inside one, so following `next_since` loses no
change; the newest seconds (SETTLING) are given again on the next pull, as a change recorded in
them may still be committing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import Office, Parcel, TrackingEvent

SETTLING = timedelta(seconds=5)


@dataclass(frozen=True)
class ChangedParcels:
    parcels: list[tuple[Parcel, datetime]]  # each with when it last changed
    next_since: datetime  # ask again from here
    more: bool  # a next page is ready now


def changed_at_column() -> sa.ColumnElement[datetime]:
    return sa.func.coalesce(sa.func.max(TrackingEvent.received_at), Parcel.created_at)


def parcels_changed_since(office: Office, since: datetime, limit: int) -> ChangedParcels:
    """The parcels that changed after `since`, oldest change first, about `limit` of them."""
    changed_at = changed_at_column().label("changed_at")
    statement = (
        sa.select(Parcel, changed_at)
        .outerjoin(TrackingEvent, TrackingEvent.parcel_id == Parcel.id)
        .where(Parcel.id.in_(changed_after(office, since)))
        .group_by(Parcel.id)
        .having(changed_at_column() > since)
        .order_by(changed_at, Parcel.id)
    )
    rows = [tuple(row) for row in db.session.execute(statement.limit(limit + 1))]
    more = len(rows) > limit
    if more:
        rows = whole_moments(statement, rows, limit)
    last = rows[-1][1] if rows else since
    if more:
        return ChangedParcels(rows, last, more)
    return ChangedParcels(rows, min(last, max(since, utcnow() - SETTLING)), more)


def changed_after(office: Office, since: datetime) -> sa.CompoundSelect:
    """The ids of the office's parcels packed or given an event after `since`, each found from
    an index of the office's rows by time, so a pull reads what changed, not the whole office."""
    return sa.union(
        sa.select(TrackingEvent.parcel_id).where(
            TrackingEvent.office_id == office.id, TrackingEvent.received_at > since
        ),
        sa.select(Parcel.id).where(Parcel.office_id == office.id, Parcel.created_at > since),
    )


def whole_moments(statement: sa.Select, rows: list, limit: int) -> list:
    """Cut a page after its last whole moment; a page of one moment takes all of that moment."""
    page, boundary = rows[:limit], rows[limit - 1][1]
    if rows[limit][1] != boundary:
        return page
    before = [row for row in page if row[1] < boundary]
    if before:
        return before
    whole = statement.having(changed_at_column() <= boundary)
    return [tuple(row) for row in db.session.execute(whole)]
