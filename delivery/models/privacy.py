"""What the data-protection law (UU PDP) asks the office to keep: who looked at a parcel's
personal data, and whose documents may no longer be processed."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column
from delivery.models.document import Document
from delivery.models.parcel import Parcel
from delivery.models.user import User


class PersonalDataPlace(StrEnum):
    """Where someone saw a parcel's personal data."""

    DOORSTEP_PAGE = "doorstep_page"
    STAFF_PARCEL_PAGE = "staff_parcel_page"
    PROOF_PHOTO = "proof_photo"
    SIGNATURE = "signature"
    REPRESENTATIVE_LETTER = "representative_letter"


class PersonalDataView(db.Model):
    """One look at one parcel's personal data: who, where, when; never updated or deleted."""

    __tablename__ = "personal_data_view"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    parcel_id: Mapped[int] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    viewer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    place: Mapped[PersonalDataPlace] = mapped_column(enum_column(PersonalDataPlace))
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    parcel: Mapped[Parcel] = relationship()
    viewer: Mapped[User] = relationship()


@sa.event.listens_for(PersonalDataView, "before_update")
@sa.event.listens_for(PersonalDataView, "before_delete")
def refuse_to_rewrite_views(mapper, connection, target: PersonalDataView) -> None:
    raise PermissionError("the record of views of personal data is append-only")


class ProcessingRestriction(db.Model):
    """A document whose holder asked that it no longer be processed (packed or sent)."""

    __tablename__ = "processing_restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), unique=True)
    restricted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    restricted_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship()
