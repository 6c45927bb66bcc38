"""Counts of an office's documents and parcels per status, kept as they change.

A database trigger adds a change (+n, -n) for every insert, status change or delete of a
document or parcel, in the transaction that made it; changes are only ever added, so
concurrent writers never wait on each other for a count. The count of a status is the sum of
its changes; a periodic task merges the changes into one per office, subject and status.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

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
