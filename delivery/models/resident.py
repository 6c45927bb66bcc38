"""What residents ask for their parcel, and the instructions that take it to the carrier."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column
from delivery.models.parcel import Parcel, Shipment


class RequestKind(StrEnum):
    """The kinds of help a resident gives; one change of each kind a day."""

    DIRECTIONS = "directions"
    PHONE = "phone"
    COLLECTION = "collection"
    REPRESENTATIVE = "representative"
    NEXT_TRY_DAY = "next_try_day"


class CollectionPlace(StrEnum):
    """Where the resident takes the parcel."""

    HOME = "home"
    OFFICE_COUNTER = "office_counter"
    VILLAGE_OFFICE = "village_office"


class ResidentRequest(db.Model):
    """One choice a resident made on the tracking page; the latest of a kind holds."""

    __tablename__ = "resident_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    made_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    parcel: Mapped[Parcel] = relationship()


class InstructionState(StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    FAILED = "failed"
    NOT_NEEDED = "not_needed"  # the carrier does not hold the parcel: nothing to tell it


class CarrierInstruction(db.Model):
    """A change the carrier must hear of for a parcel it holds, sent by a job."""

    __tablename__ = "carrier_instruction"

    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shipment.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    state: Mapped[InstructionState] = mapped_column(
        enum_column(InstructionState), default=InstructionState.WAITING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    carrier_reference: Mapped[str | None] = mapped_column(sa.String(80))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    parcel: Mapped[Parcel] = relationship()
    shipment: Mapped[Shipment | None] = relationship()
