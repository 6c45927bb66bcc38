"""The append-only audit trail and the outbox of work that must follow a committed change."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from delivery.core.clock import utcnow
from delivery.core.database import db, enum_column
from delivery.models.enums import OutboxState


class AuditEntry(db.Model):
    """Who changed what, from which state to which, and when; never updated or deleted."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    actor_label: Mapped[str] = mapped_column(sa.String(100))
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("office.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str] = mapped_column(sa.String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


@sa.event.listens_for(AuditEntry, "before_update")
@sa.event.listens_for(AuditEntry, "before_delete")
def refuse_to_rewrite_history(mapper, connection, target: AuditEntry) -> None:
    """Keep the trail append-only at the ORM level (the migration adds a database trigger)."""
    raise PermissionError("audit entries are append-only")


class OutboxEntry(db.Model):
    """Work recorded in the same transaction as the change that calls for it."""

    __tablename__ = "outbox_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(sa.String(64), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    state: Mapped[OutboxState] = mapped_column(
        enum_column(OutboxState), default=OutboxState.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    job_id: Mapped[str | None] = mapped_column(sa.String(80))
    processed_at: Mapped[datetime | None]


class ImportReport(db.Model):
    """The rows an import refused, as a CSV the staff can fix and upload again."""

    __tablename__ = "import_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("office.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(200))
    rejected_rows: Mapped[int]
    content: Mapped[str] = mapped_column(sa.Text)
