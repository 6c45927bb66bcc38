"""Parcels by the official area they go to: the village code stored with each address."""

from dataclasses import dataclass

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Office, Parcel, ParcelStatus
from delivery.regions.checks import office_regency
from delivery.regions.dataset import Region, region_name

S = ParcelStatus
OPEN = (S.READY, S.SUBMITTED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.EXCEPTION)
BACK = (S.RETURNING, S.RETURNED)


@dataclass(frozen=True)
class AreaCounts:
    """One village's parcels: on their way, handed over, back at the office, failed tries."""

    code: str
    village: str
    district: str
    open: int
    handed_over: int
    back: int
    failed_attempts: int


def office_districts(office: Office) -> list[Region]:
    """The districts of the office's regency, for choosing an area."""
    serving = office_regency(office)
    return serving.districts.regions if serving else []


def in_area(area: str) -> sa.ColumnElement[bool]:
    """Parcels whose village code is the area's or lies inside it (a district's code)."""
    return sa.or_(Parcel.region_code == area, Parcel.region_code.startswith(f"{area}."))


def counts_by_area(office_id: int) -> list[AreaCounts]:
    """The office's parcels counted per village code, in the ministry's order of codes."""
    counted = lambda statuses: sa.func.sum(sa.case((Parcel.status.in_(statuses), 1), else_=0))  # noqa: E731
    rows = db.session.execute(
        sa.select(
            Parcel.region_code,
            counted(OPEN),
            counted((S.DELIVERED, S.COLLECTED)),
            counted(BACK),
            sa.func.sum(Parcel.failed_attempts),
        )
        .where(Parcel.office_id == office_id, Parcel.region_code.is_not(None))
        .group_by(Parcel.region_code)
        .order_by(Parcel.region_code)
    )
    return [
        AreaCounts(
            code=code,
            village=region_name(code) or code,
            district=region_name(code.rsplit(".", 1)[0]) or "",
            open=int(open_ or 0),
            handed_over=int(handed or 0),
            back=int(back or 0),
            failed_attempts=int(failed or 0),
        )
        for code, open_, handed, back, failed in rows
    ]
