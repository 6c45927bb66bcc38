"""Merging the changes of the counts, and counting them again from the rows themselves."""

from collections import Counter

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Document, Parcel
from delivery.models.counts import StatusCountChange as Change

COUNTED = (Document, Parcel)


def merge_changes() -> int:
    """Replace the changes with one per office, subject and status; return how many went.

    The changes taken are the ones this statement deletes, so a change another transaction adds
    meanwhile is left for the next merge, and two merges at once never count one twice."""
    taken = db.session.execute(
        sa.delete(Change).returning(Change.office_id, Change.subject, Change.status, Change.change)
    ).all()
    totals: Counter = Counter()
    for office_id, subject, status, change in taken:
        totals[office_id, subject, status] += change
    merged = [
        {"office_id": office_id, "subject": subject, "status": status, "change": total}
        for (office_id, subject, status), total in sorted(totals.items())
        if total
    ]
    if merged:
        db.session.execute(sa.insert(Change), merged)
    db.session.commit()
    return len(taken)


def count_again() -> None:
    """Set the counts from the rows themselves (after rows were written with triggers off)."""
    db.session.execute(sa.delete(Change))
    for model in COUNTED:
        db.session.execute(
            sa.insert(Change).from_select(
                ["office_id", "subject", "status", "change"],
                sa.select(
                    model.office_id, sa.literal(model.__tablename__), model.status, sa.func.count()
                ).group_by(model.office_id, model.status),
            )
        )
    db.session.commit()
