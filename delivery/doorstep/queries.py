"""What a courier finds at the door: their parcel by code or label, its holders, its visits."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Parcel, User
from delivery.parcels.codes import normalize_tracking_code


def parcel_for_courier(
    courier: User, *, tracking_code: str | None = None, qr_token: str | None = None
) -> Parcel | None:
    """A parcel of the courier's office that is on their round or on nobody's."""
    query = sa.select(Parcel).where(
        Parcel.office_id == courier.office_id,
        sa.or_(Parcel.courier_id == courier.id, Parcel.courier_id.is_(None)),
    )
    if tracking_code is not None:
        query = query.where(Parcel.tracking_code == normalize_tracking_code(tracking_code))
    else:
        query = query.where(Parcel.qr_token == (qr_token or ""))
    return db.session.scalar(query)


def household_holders(parcel: Parcel) -> list[str]:
    """The names of the people whose documents are in the parcel, each once."""
    return list(dict.fromkeys(document.holder_name for document in parcel.documents))


def door_visits(parcel: Parcel) -> list[DeliveryAttempt]:
    """The couriers' visits at the parcel's door, latest first."""
    return list(
        db.session.scalars(
            sa.select(DeliveryAttempt)
            .where(DeliveryAttempt.parcel_id == parcel.id, DeliveryAttempt.courier_id.is_not(None))
            .order_by(DeliveryAttempt.occurred_at.desc(), DeliveryAttempt.id.desc())
        )
    )
