"""A copy of a resident's message kept in embedded mode, so a demo can be finished at the door."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from delivery.core.clock import utcnow
from delivery.core.database import db


class DemoMessage(db.Model):
    """What a resident was sent, one-time code included; never written in production mode."""

    __tablename__ = "demo_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    parcel_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parcel.id"))
    tracking_code: Mapped[str] = mapped_column(sa.String(16))
    phone: Mapped[str] = mapped_column(sa.String(20))  # masked: the last four digits only
    text: Mapped[str] = mapped_column(sa.Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
