"""A courier's round as they walk it, and where earlier deliveries to the same homes were made."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import FINAL_PARCEL_STATUSES, DeliveryAttempt, Parcel


def parcels_on_round(courier_id: int) -> list[Parcel]:
    """The open parcels assigned to the courier in walking order: district, village, then the
    hamlet (RW) and the neighbourhood (RT) inside it, then the street."""
    return list(
        db.session.scalars(
            sa.select(Parcel)
            .where(Parcel.courier_id == courier_id, Parcel.status.not_in(FINAL_PARCEL_STATUSES))
            .order_by(
                Parcel.district, Parcel.village, Parcel.rw, Parcel.rt, Parcel.street, Parcel.id
            )
        )
    )


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
