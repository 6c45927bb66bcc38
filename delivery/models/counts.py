"""Counts kept instead of counted per request: an office's documents and parcels per status,
kept as they change, and each office's figures of the recent months.

A database trigger adds a change (+n, -n) for every insert, status change or delete of a
document or parcel, in the transaction that made it; changes are only ever added, so
concurrent writers never wait on each other for a count. The count of a status is the sum of
its changes; a periodic task merges the changes into one per office, subject and status.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from delivery.core.clock import utcnow
from delivery.core.database import db


class StatusCountChange(db.Model):
    __tablename__ = "status_count_change"

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True
    )
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    subject: Mapped[str] = mapped_column(sa.String(16))  # the table counted: document or parcel
    status: Mapped[str] = mapped_column(sa.String(32))
    change: Mapped[int]


class OfficeMonthFigures(db.Model):
    """An office's report of one month as last counted (the office, each district and each
    village), kept by a periodic task for the recent months, so neither the office's report
    nor the supervisors' page counts rows when asked."""

    __tablename__ = "office_month_figures"
    __table_args__ = (sa.UniqueConstraint("office_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    month: Mapped[str] = mapped_column(sa.String(7))  # YYYY-MM on the office's clocks
    total: Mapped[dict] = mapped_column(sa.JSON)  # the office's figures, for the supervisors
    figures: Mapped[dict] = mapped_column(sa.JSON)  # the office's, each district's and village's
    counted_at: Mapped[datetime] = mapped_column(default=utcnow)
