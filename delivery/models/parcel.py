"""Parcels (one per household), the batches they are dispatched in, and their shipments."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column, office_rows_index
from delivery.models.document import Document
from delivery.models.enums import ParcelStatus, ShipmentState, SubmissionFailure
from delivery.models.office import Office
from delivery.models.user import User


def status_among(*statuses: ParcelStatus) -> str:
    """An index's condition on the parcel's status, as SQL (models cannot import the lifecycle,
    whose named sets these conditions repeat; tests hold them equal)."""
    return "status IN ({})".format(", ".join(f"'{status.value}'" for status in statuses))


# parcels coming back (lifecycle.COMING_BACK), which the returns list shows
COMING_BACK_CONDITION = status_among(ParcelStatus.RETURNING, ParcelStatus.RETURNED)
# parcels with the carrier (lifecycle.WITH_THE_CARRIER), which the polling round walks
WITH_THE_CARRIER_CONDITION = status_among(
    ParcelStatus.SUBMITTED,
    ParcelStatus.IN_TRANSIT,
    ParcelStatus.OUT_FOR_DELIVERY,
    ParcelStatus.ATTEMPT_FAILED,
    ParcelStatus.RETURNING,
    ParcelStatus.EXCEPTION,
)


class DispatchBatch(db.Model):
    __tablename__ = "dispatch_batch"

    __table_args__ = (sa.Index("ix_dispatch_batch_office_id_id", "office_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    pickup_requested_at: Mapped[datetime | None]
    pickup_reference: Mapped[str | None] = mapped_column(sa.String(400))

    parcels: Mapped[list["Parcel"]] = relationship(back_populates="batch")


class Parcel(db.Model):
    __tablename__ = "parcel"
    __table_args__ = (
        office_rows_index(  # the dashboard's locked parcels
            "ix_parcel_office_locked", ["office_id", "locked_at"], where="locked_at IS NOT NULL"
        ),
        sa.CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),
        sa.CheckConstraint("verification_failures >= 0", name="verification_failures_not_negative"),
        # the parcel list: the office's newest first, and by status
        sa.Index("ix_parcel_office_id_id", "office_id", "id"),
        sa.Index("ix_parcel_office_id_status_id", "office_id", "status", "id"),
        # the office's parcels packed since a moment
        sa.Index("ix_parcel_office_id_created_at", "office_id", "created_at"),
        # the parcel list of an area: a village's code, or the codes that start with a district's
        sa.Index(
            "ix_parcel_office_id_region_code_id",
            "office_id",
            "region_code",
            "id",
            postgresql_ops={"region_code": "varchar_pattern_ops"},
        ),
        # the returns: the office's parcels coming back, longest waiting first
        sa.Index(
            "ix_parcel_office_id_coming_back",
            "office_id",
            "status_changed_at",
            "id",
            postgresql_where=sa.text(COMING_BACK_CONDITION),
            sqlite_where=sa.text(COMING_BACK_CONDITION),
        ),
        # the polling round walks the parcels still with the carrier in id order
        sa.Index(
            "ix_parcel_with_the_carrier",
            "id",
            postgresql_where=sa.text(WITH_THE_CARRIER_CONDITION),
            sqlite_where=sa.text(WITH_THE_CARRIER_CONDITION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dispatch_batch.id"), index=True)
    courier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    tracking_code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    qr_token: Mapped[str] = mapped_column(sa.String(43), unique=True)
    status: Mapped[ParcelStatus] = mapped_column(
        enum_column(ParcelStatus), default=ParcelStatus.READY, index=True
    )
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    household_key: Mapped[str] = mapped_column(sa.String(64), index=True)
    recipient_name: Mapped[str] = mapped_column(sa.String(120))
    recipient_phone: Mapped[str] = mapped_column(sa.String(20))
    street: Mapped[str] = mapped_column(sa.String(200))
    rt: Mapped[str] = mapped_column(sa.String(3))
    rw: Mapped[str] = mapped_column(sa.String(3))
    village: Mapped[str] = mapped_column(sa.String(100))
    district: Mapped[str] = mapped_column(sa.String(100))
    regency: Mapped[str] = mapped_column(sa.String(100))
    province: Mapped[str] = mapped_column(sa.String(100))
    postal_code: Mapped[str] = mapped_column(sa.String(5))
    region_code: Mapped[str | None] = mapped_column(sa.String(13), index=True)  # the village's
    landmark: Mapped[str | None] = mapped_column(sa.String(200))
    address_confirmed_at: Mapped[datetime | None]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    verification_failures: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None]
    one_time_code_hash: Mapped[str | None] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    office: Mapped[Office] = relationship()
    courier: Mapped[User | None] = relationship()
    batch: Mapped[DispatchBatch | None] = relationship(back_populates="parcels")
    documents: Mapped[list[Document]] = relationship(back_populates="parcel")
    shipments: Mapped[list["Shipment"]] = relationship(
        back_populates="parcel", order_by="Shipment.id"
    )

    @property
    def current_shipment(self) -> "Shipment | None":
        """The shipment of the latest dispatch; a parcel sent again has more than one."""
        return self.shipments[-1] if self.shipments else None

    @property
    def address_lines(self) -> list[str]:
        """The address as printed on a label, most specific first."""
        return [
            self.street,
            *([self.landmark] if self.landmark else []),
            f"RT {self.rt} / RW {self.rw}",
            f"{self.village}, {self.district}",
            f"{self.regency}, {self.province} {self.postal_code}",
        ]

    def __repr__(self) -> str:
        return f"<Parcel {self.tracking_code} {self.status}>"


class Shipment(db.Model):
    """A parcel's shipment at the carrier, created once per dispatch with an idempotency key."""

    __tablename__ = "shipment"
    __table_args__ = (
        office_rows_index(
            "ix_shipment_office_submitted",
            ["office_id", "submitted_at"],
            included=["parcel_id", "state"],
        ),
        office_rows_index(
            "ix_shipment_office_failed", ["office_id", "id"], where="state = 'failed'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))  # the parcel's
    idempotency_key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    state: Mapped[ShipmentState] = mapped_column(
        enum_column(ShipmentState), default=ShipmentState.WAITING, index=True
    )
    carrier_shipment_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    carrier_tracking_number: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    submission_attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    failure_kind: Mapped[SubmissionFailure | None] = mapped_column(enum_column(SubmissionFailure))
    failure_fields: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    last_polled_at: Mapped[datetime | None]

    parcel: Mapped[Parcel] = relationship(back_populates="shipments")


def take_the_parcels_office(_mapper, connection: sa.Connection, row) -> None:
    """Give a shipment or tracking event its parcel's office when the code making it did not,
    so the office's pages find it by the office alone."""
    if row.office_id is not None:
        return
    parcel = row.__dict__.get("parcel")  # as given, without loading it in the middle of a flush
    row.office_id = (
        parcel.office_id
        if parcel is not None
        else connection.scalar(sa.select(Parcel.office_id).where(Parcel.id == row.parcel_id))
    )


sa.event.listen(Shipment, "before_insert", take_the_parcels_office)
