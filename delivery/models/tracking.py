"""What happened to a parcel: tracking events from every source, and attempts at the door."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column, office_rows_index
from delivery.models.enums import (
    AttemptReason,
    EventOutcome,
    EventSource,
    ParcelStatus,
    ReceiverRelation,
)
from delivery.models.parcel import Parcel, take_the_parcels_office
from delivery.models.user import User


class TrackingEvent(db.Model):
    """One reported change of a parcel; the dedupe key makes the same report count once."""

    __tablename__ = "tracking_event"
    __table_args__ = (
        office_rows_index(
            "ix_tracking_event_office_at_the_door",
            ["office_id", "status", "occurred_at"],
            included=["outcome", "parcel_id", "reason"],
            where="status IN ('delivered', 'collected', 'returned', 'attempt_failed')",
        ),
        office_rows_index(  # a parcel's visits and ends, for "was it delivered before?"
            "ix_tracking_event_parcel_milestones",
            ["parcel_id", "occurred_at"],
            included=["status", "outcome"],
            where="status IN ('delivered', 'collected', 'returned', 'attempt_failed',"
            " 'returning', 'cancelled')",
        ),
        office_rows_index(  # the office's parcels changed since a moment
            "ix_tracking_event_office_id_received_at",
            ["office_id", "received_at"],
            included=["parcel_id"],
        ),
        office_rows_index(
            "ix_tracking_event_office_kept",
            ["office_id", "received_at"],
            where="outcome = 'rejected'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))  # the parcel's
    dedupe_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    source: Mapped[EventSource] = mapped_column(enum_column(EventSource))
    status: Mapped[ParcelStatus] = mapped_column(enum_column(ParcelStatus))
    reason: Mapped[AttemptReason | None] = mapped_column(enum_column(AttemptReason))
    carrier_code: Mapped[str | None] = mapped_column(sa.String(16))
    location: Mapped[str | None] = mapped_column(sa.String(200))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    reported_at: Mapped[datetime | None]  # the source's own time, where it was dated otherwise
    outcome: Mapped[EventOutcome] = mapped_column(
        enum_column(EventOutcome), default=EventOutcome.APPLIED
    )
    note: Mapped[str | None] = mapped_column(sa.Text)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    parcel: Mapped[Parcel] = relationship()
    actor: Mapped[User | None] = relationship()


sa.event.listen(TrackingEvent, "before_insert", take_the_parcels_office)


class DeliveryAttempt(db.Model):
    """A courier's visit at the door: delivered with proof, or failed with a reason."""

    __tablename__ = "delivery_attempt"
    __table_args__ = (
        office_rows_index(  # fees received, on the dashboard and in the report
            "ix_delivery_attempt_fee_received", ["occurred_at"], where="fee_received IS NOT NULL"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    courier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    client_event_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    delivered: Mapped[bool]
    reason: Mapped[AttemptReason | None] = mapped_column(enum_column(AttemptReason))
    receiver_name: Mapped[str | None] = mapped_column(sa.String(120))
    receiver_relation: Mapped[ReceiverRelation | None] = mapped_column(
        enum_column(ReceiverRelation)
    )
    verified_by: Mapped[str | None] = mapped_column(sa.String(32))
    photo: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    photo_content_type: Mapped[str | None] = mapped_column(sa.String(40))
    signature_png: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    letter_photo: Mapped[bytes | None] = mapped_column(sa.LargeBinary)  # a representative's
    letter_photo_content_type: Mapped[str | None] = mapped_column(sa.String(40))
    fee_received: Mapped[int | None]  # rupiah, where the office charges a delivery fee
    old_card_taken_back: Mapped[bool | None]  # where the office takes the old ID card back
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    position_accuracy_m: Mapped[float | None]
    note: Mapped[str | None] = mapped_column(sa.Text)
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    parcel: Mapped[Parcel] = relationship()
    courier: Mapped[User | None] = relationship()


class CarrierInboxEvent(db.Model):
    """A verified webhook event from the carrier, remembered by its id until applied.

    An event for a shipment Antar does not know yet waits (outcome `unknown_shipment`, not
    processed) until a submission stores that carrier shipment id."""

    __tablename__ = "carrier_inbox_event"
    __table_args__ = (
        office_rows_index(
            "ix_carrier_inbox_event_unreadable",
            ["id"],
            included=["carrier_shipment_id"],
            where="outcome = 'unreadable'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    carrier_event_id: Mapped[str] = mapped_column(sa.String(80), unique=True)
    carrier_shipment_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(40))


class ResidentMessage(db.Model):
    """The message a resident was sent about one tracking event; there is one per event, so a
    job that runs twice sends it once."""

    __tablename__ = "resident_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_event_id: Mapped[int] = mapped_column(sa.ForeignKey("tracking_event.id"), unique=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class WrongCode(db.Model):
    """A wrong code a courier typed at the door, counted toward the parcel's lock once per
    record of the courier's phone, however often the phone sends it."""

    __tablename__ = "wrong_code"
    __table_args__ = (sa.UniqueConstraint("parcel_id", "client_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"))
    client_event_id: Mapped[str] = mapped_column(sa.String(64))
    courier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
