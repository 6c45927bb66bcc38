"""A courier's round as they walk it, where earlier deliveries to the same homes were made, and
the couriers of an office."""

from itertools import groupby

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Parcel, Role, User
from delivery.parcels.lifecycle import FINAL_STATUSES


def parcels_on_round(courier_id: int) -> list[Parcel]:
    """The open parcels assigned to the courier in walking order: district, village, then the
    hamlet (RW) and the neighbourhood (RT) inside it, then the street."""
    query = sa.select(Parcel).where(
        Parcel.courier_id == courier_id, Parcel.status.not_in(FINAL_STATUSES)
    )
    walking_order = (Parcel.district, Parcel.village, Parcel.rw, Parcel.rt, Parcel.street)
    return list(db.session.scalars(query.order_by(*walking_order, Parcel.id)))


def by_village(parcels: list[Parcel]) -> list[tuple[str, list[Parcel]]]:
    """Group a round's parcels by village and district, keeping the order of the round."""
    place = lambda parcel: f"{parcel.village}, {parcel.district}"  # noqa: E731
    return [(village, list(group)) for village, group in groupby(parcels, place)]


def known_positions(parcels: list[Parcel]) -> dict[int, tuple[float, float]]:
    """Where an earlier parcel of the same household and address was delivered, by parcel id:
    the phone's position at that delivery (the latest one)."""
    keys = {parcel.household_key for parcel in parcels}
    if not keys:
        return {}
    rows = db.session.execute(
        sa.select(Parcel.household_key, DeliveryAttempt.latitude, DeliveryAttempt.longitude)
        .join(Parcel, Parcel.id == DeliveryAttempt.parcel_id)
        .where(
            Parcel.household_key.in_(keys),
            DeliveryAttempt.delivered,
            DeliveryAttempt.latitude.is_not(None),
            DeliveryAttempt.longitude.is_not(None),
        )
        .order_by(DeliveryAttempt.occurred_at)
    )
    by_household = {key: (latitude, longitude) for key, latitude, longitude in rows}
    return {
        parcel.id: by_household[parcel.household_key]
        for parcel in parcels
        if parcel.household_key in by_household
    }


def geo_link(position: tuple[float, float]) -> str:
    """A `geo:` URI (RFC 5870) that a phone's map app opens to navigate there."""
    latitude, longitude = position
    return f"geo:{latitude:.6f},{longitude:.6f}"


def office_couriers(office_id: int) -> list[User]:
    """The office's active couriers, by name."""
    query = sa.select(User).where(
        User.office_id == office_id, User.role == Role.COURIER, User.active
    )
    return list(db.session.scalars(query.order_by(User.full_name, User.username)))
