"""The delivery fees couriers recorded at the door, for the office's figures."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Office, Parcel


@dataclass(frozen=True)
class FeesReceived:
    deliveries: int  # handovers where a fee was asked
    total: int  # rupiah received
    short: int  # handovers where less than the office's fee was received


def fees_received(office: Office, since: datetime) -> FeesReceived:
    """What couriers received at the door since a moment, beside what the fee asks."""
    deliveries, total, short = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(DeliveryAttempt.fee_received), 0),
            sa.func.count().filter(DeliveryAttempt.fee_received < office.delivery_fee),
        )
        .join(Parcel)
        .where(
            Parcel.office_id == office.id,
            DeliveryAttempt.delivered,
            DeliveryAttempt.fee_received.is_not(None),
            DeliveryAttempt.occurred_at >= since,
        )
    ).one()
    return FeesReceived(deliveries, total, short)
