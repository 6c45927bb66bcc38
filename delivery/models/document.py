"""A finished population document waiting to travel to its holder."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column, office_rows_index
from delivery.models.enums import DocumentStatus, DocumentType
from delivery.models.office import Office


class Document(db.Model):
    __tablename__ = "document"
    __table_args__ = (
        sa.UniqueConstraint("document_type", "document_number"),
        office_rows_index("ix_document_office_created", ["office_id", "created_at"]),
        # the document list: the office's newest first, by status, by village (and its villages)
        sa.Index("ix_document_office_id_id", "office_id", "id"),
        sa.Index("ix_document_office_id_status_id", "office_id", "status", "id"),
        sa.Index("ix_document_office_id_village_id", "office_id", "village", "id"),
        # a search by document number
        sa.Index("ix_document_office_id_document_number", "office_id", "document_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"))
    parcel_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parcel.id"), index=True)
    document_type: Mapped[DocumentType] = mapped_column(enum_column(DocumentType))
    document_number: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[DocumentStatus] = mapped_column(
        enum_column(DocumentStatus), default=DocumentStatus.RECORDED, index=True
    )
    holder_nik: Mapped[str] = mapped_column(sa.String(16), index=True)
    holder_name: Mapped[str] = mapped_column(sa.String(120))
    kk_number: Mapped[str] = mapped_column(sa.String(16), index=True)
    recipient_name: Mapped[str] = mapped_column(sa.String(120))
    recipient_phone: Mapped[str] = mapped_column(sa.String(20))
    street: Mapped[str] = mapped_column(sa.String(200))
    rt: Mapped[str] = mapped_column(sa.String(3))
    rw: Mapped[str] = mapped_column(sa.String(3))
    village: Mapped[str] = mapped_column(sa.String(100), index=True)
    district: Mapped[str] = mapped_column(sa.String(100))
    regency: Mapped[str] = mapped_column(sa.String(100))
    province: Mapped[str] = mapped_column(sa.String(100))
    postal_code: Mapped[str] = mapped_column(sa.String(5))
    region_code: Mapped[str | None] = mapped_column(sa.String(13), index=True)  # the village's
    application_ref: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    office: Mapped[Office] = relationship()
    parcel: Mapped["Parcel | None"] = relationship(back_populates="documents")  # noqa: F821

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.document_type}>"
