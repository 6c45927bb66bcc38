"""Finding an office's parcels: by the tracking codes people type or select, and as a list."""

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.errors import NotFound
from delivery.core.paging import ListOrder
from delivery.models import Parcel, ParcelStatus
from delivery.parcels.codes import normalize_tracking_code
from delivery.regions.queries import in_area


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


def office_parcel_or_404(office_id: int, tracking_code: str) -> Parcel:
    """Return the office's parcel with this code (as typed); refuse an unknown code, naming it."""
    parcel = office_parcel(office_id, tracking_code)
    if parcel is None:
        code = normalize_tracking_code(tracking_code)
        message = _("No parcel with the code %(code)s in this office.", code=code)
        raise NotFound(message, field="tracking_code")
    return parcel


def office_parcels_named(office_id: int, tracking_codes: list[str]) -> list[Parcel]:
    """Return the office's parcels with these codes, refusing the list if a code names none."""
    parcels = office_parcels(office_id, tracking_codes)
    known = {parcel.tracking_code for parcel in parcels}
    missing = [code for code in map(normalize_tracking_code, tracking_codes) if code not in known]
    if missing:
        raise NotFound(
            _("Unknown tracking codes: %(codes)s", codes=", ".join(missing)), field="parcels"
        )
    return parcels


NEWEST_PARCELS_FIRST = ListOrder((Parcel.id,))


def office_parcel_list(office_id: int, status: str = "", area: str = "") -> sa.Select:
    """The office's parcels, newest first, in one status if a known one is given, and in an area
    (a district's or village's code) if one is given."""
    query = sa.select(Parcel).where(Parcel.office_id == office_id)
    if status in set(ParcelStatus):
        query = query.where(Parcel.status == status)
    if area:
        query = query.where(in_area(area))
    return query.options(selectinload(Parcel.documents)).order_by(Parcel.id.desc())
