"""An office and the delivery rule it sets for its parcels."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column
from delivery.models.enums import ReceiverPolicy, VerificationMethod

DEFAULT_TIME_ZONE = "Asia/Jakarta"
DEFAULT_RETENTION_DAYS = 90  # proofs and phone numbers kept after a parcel's end (UU PDP)


class Office(db.Model):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    regency: Mapped[str] = mapped_column(sa.String(100))
    province: Mapped[str] = mapped_column(sa.String(100))
    address: Mapped[str] = mapped_column(sa.String(300))
    village: Mapped[str] = mapped_column(sa.String(100), default="")
    district: Mapped[str] = mapped_column(sa.String(100), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(5))
    phone: Mapped[str] = mapped_column(sa.String(20))
    opening_hours: Mapped[str] = mapped_column(sa.String(120), default="")
    receiver_policy: Mapped[ReceiverPolicy] = mapped_column(
        enum_column(ReceiverPolicy), default=ReceiverPolicy.HOUSEHOLD
    )
    verification_method: Mapped[VerificationMethod] = mapped_column(
        enum_column(VerificationMethod), default=VerificationMethod.ONE_TIME_CODE
    )
    attempts_before_return: Mapped[int] = mapped_column(default=3)
    counter_hold_days: Mapped[int] = mapped_column(default=14)
    service_level_days: Mapped[int] = mapped_column(default=7)
    time_zone: Mapped[str] = mapped_column(sa.String(40), default=DEFAULT_TIME_ZONE)
    retention_days: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_DAYS)
    representative_with_letter: Mapped[bool] = mapped_column(default=False, server_default="0")
    delivery_fee: Mapped[int] = mapped_column(default=0, server_default="0")  # rupiah; 0: none
    takes_back_old_card: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def return_address_lines(self) -> list[str]:
        """The lines printed as the return address on a label."""
        place = ", ".join(part for part in (self.village, self.district) if part)
        lines = [self.address, place, f"{self.regency}, {self.province} {self.postal_code}"]
        return [line for line in lines if line] + [self.phone]
