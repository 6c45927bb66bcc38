"""Which parcel a resident's lookup is counted against, so all its identifiers share one budget.

A parcel can be named by its tracking code and by the application reference of each of its
documents; each lookup guesses the birth date of one of its holders, whichever name is used.
Counting lookups per parcel, rather than per name, keeps the number of guesses the same
however many references a parcel has.
"""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import ParcelStatus
from delivery.resident.lookup import (
    NAMED_BY_CODE,
    NAMED_BY_REFERENCE,
    PARCEL,
    Identifier,
    naming_parameters,
)


def newest_parcel(named: sa.ColumnElement[bool]) -> sa.Select:
    """The newest parcel, not cancelled, that a code or reference names, whoever its holders."""
    return (
        sa.select(PARCEL.c.id)
        .where(named, PARCEL.c.status != ParcelStatus.CANCELLED)
        .order_by(PARCEL.c.id.desc())
        .limit(1)
    )


PARCEL_BY_CODE = newest_parcel(NAMED_BY_CODE)
PARCEL_BY_REFERENCE = newest_parcel(NAMED_BY_REFERENCE)


def named_parcel(identifier: Identifier) -> int | None:
    """The id of the parcel a lookup with this code or reference is counted against, if any."""
    statement = PARCEL_BY_CODE if identifier.is_tracking_code else PARCEL_BY_REFERENCE
    return db.session.scalar(statement, naming_parameters(identifier))
