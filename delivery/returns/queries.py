"""Parcels coming back to an office, and how one was handed over at the counter."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.core.paging import ListOrder
from delivery.models import DeliveryAttempt, Parcel
from delivery.parcels.lifecycle import COMING_BACK

CHECKED_AT_COUNTER = "id_at_counter"


LONGEST_WAITING_FIRST = ListOrder((Parcel.status_changed_at, Parcel.id), descending=False)


def parcels_coming_back(office_id: int) -> sa.Select:
    """The office's parcels on their way back or waiting at the counter, longest first."""
    query = sa.select(Parcel).where(Parcel.office_id == office_id, Parcel.status.in_(COMING_BACK))
    return query.order_by(Parcel.status_changed_at, Parcel.id)


def counter_collection(parcel: Parcel) -> DeliveryAttempt | None:
    """The handover of the parcel at the office's counter, if it was collected there."""
    return db.session.scalar(
        sa.select(DeliveryAttempt).where(
            DeliveryAttempt.parcel_id == parcel.id,
            DeliveryAttempt.verified_by == CHECKED_AT_COUNTER,
        )
    )
