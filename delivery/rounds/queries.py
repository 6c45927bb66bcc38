"""A courier's round and the couriers of an office."""

from itertools import groupby

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Parcel, Role, User
from delivery.parcels.lifecycle import FINAL_STATUSES


def parcels_on_round(courier_id: int) -> list[Parcel]:
    """Return the open parcels assigned to the courier, ordered for a round."""
    query = sa.select(Parcel).where(
        Parcel.courier_id == courier_id, Parcel.status.not_in(FINAL_STATUSES)
    )
    return list(db.session.scalars(query.order_by(Parcel.district, Parcel.village, Parcel.street)))


def by_village(parcels: list[Parcel]) -> list[tuple[str, list[Parcel]]]:
    """Group a round's parcels by village, keeping the order of the round."""
    return [(village, list(group)) for village, group in groupby(parcels, lambda p: p.village)]


def office_couriers(office_id: int) -> list[User]:
    """The office's active couriers, by name."""
    query = sa.select(User).where(
        User.office_id == office_id, User.role == Role.COURIER, User.active
    )
    return list(db.session.scalars(query.order_by(User.full_name, User.username)))
