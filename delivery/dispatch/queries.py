"""Finding an office's dispatch batches, their parcels and shipments."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from delivery.core.database import db
from delivery.core.errors import NotFound
from delivery.core.paging import ListOrder
from delivery.models import DispatchBatch, Parcel, Shipment

NEWEST_BATCHES_FIRST = ListOrder((DispatchBatch.id,))
BATCHES_PER_PAGE = 20  # each shown with its progress, counted over all its parcels


def office_batches(office_id: int) -> sa.Select:
    """The office's batches, newest first."""
    query = sa.select(DispatchBatch).where(DispatchBatch.office_id == office_id)
    return query.order_by(DispatchBatch.id.desc())


def office_batch_or_404(office_id: int, batch_id: int) -> DispatchBatch:
    batch = db.session.get(DispatchBatch, batch_id)
    if batch is None or batch.office_id != office_id:
        raise NotFound(_("No dispatch batch with this id in your office."), field="batch_id")
    return batch


def batch_parcels(batch: DispatchBatch) -> list[Parcel]:
    """The batch's parcels with their shipments, by district and village."""
    query = sa.select(Parcel).where(Parcel.batch_id == batch.id)
    query = query.options(selectinload(Parcel.shipments))
    return list(db.session.scalars(query.order_by(Parcel.district, Parcel.village)))


def office_shipment_or_404(office_id: int, shipment_id: int) -> Shipment:
    shipment = db.session.get(Shipment, shipment_id)
    if shipment is None or shipment.parcel.office_id != office_id:
        raise NotFound(_("No shipment with this id in your office."), field="shipment_id")
    return shipment
