"""Finding an office's parcels by the tracking codes people type or select."""

from collections.abc import Iterable

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Parcel
from delivery.parcels.codes import normalize_tracking_code


def office_parcel(office_id: int, tracking_code: str) -> Parcel | None:
    """Return the office's parcel with this code (as typed), or None."""
    return db.session.scalar(
        sa.select(Parcel).where(
            Parcel.office_id == office_id,
            Parcel.tracking_code == normalize_tracking_code(tracking_code),
        )
    )


def office_parcels(office_id: int, tracking_codes: Iterable[str]) -> list[Parcel]:
    """Return the office's parcels with these codes, in the order given; unknown ones left out."""
    wanted = list(dict.fromkeys(normalize_tracking_code(code) for code in tracking_codes))
    found = {
        parcel.tracking_code: parcel
        for parcel in db.session.scalars(
            sa.select(Parcel).where(Parcel.office_id == office_id, Parcel.tracking_code.in_(wanted))
        )
    }
    return [found[code] for code in wanted if code in found]
