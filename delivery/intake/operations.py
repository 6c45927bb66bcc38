"""Recording documents in bulk and marking them ready; each call is one transaction."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import sqlite

from delivery.audit import record_change
from delivery.clock import utcnow
from delivery.database import db
from delivery.intake.csv_file import SourceRow
from delivery.intake.fields import CSV_COLUMNS, FieldError, validate_document
from delivery.models import Document, DocumentStatus, ImportReport, Office, User

CHUNK_SIZE = 1_000
MAX_REPORTED_ROWS = 10_000


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    GOOD_ROWS = "good_rows"


@dataclass
class ImportResult:
    """What an import did: counts, and every refused row with its errors."""

    mode: ImportMode
    created_ids: list[int] = field(default_factory=list)
    valid_rows: int = 0
    errors: list[FieldError] = field(default_factory=list)
    rejected: list[tuple[int | None, dict[str, str], list[FieldError]]] = field(
        default_factory=list
    )
    rejected_count: int = 0
    report_id: int | None = None

    @property
    def stored(self) -> bool:
        return not (self.mode == ImportMode.ALL_OR_NOTHING and self.rejected_count)

    @property
    def created(self) -> int:
        return len(self.created_ids) if self.stored else 0

    @property
    def duplicates(self) -> int:
        return self.valid_rows - len(self.created_ids)


def insert_new_documents(office: Office, rows: list[dict]) -> list[int]:
    """Insert rows whose type and number are not recorded yet; return the new ids."""
    if db.engine.dialect.name == "postgresql":
        return insert_by_unnest(office, rows)
    statement = sqlite.insert(Document).on_conflict_do_nothing().returning(Document.id)
    return db.session.scalars(statement, [row | {"office_id": office.id} for row in rows]).all()


UNNEST_INSERT = sa.text(
    f"INSERT INTO document ({', '.join(CSV_COLUMNS)}, office_id, status, created_at)"
    f" SELECT rows.*, :office_id, :status, :created_at"
    f" FROM unnest({', '.join(f'CAST(:{name} AS text[])' for name in CSV_COLUMNS)})"
    f" AS rows({', '.join(CSV_COLUMNS)})"
    " ON CONFLICT DO NOTHING RETURNING id"
)


def insert_by_unnest(office: Office, rows: list[dict]) -> list[int]:
    """Send a chunk to PostgreSQL as one array per column: one short statement per chunk."""
    columns = {name: [row[name] for row in rows] for name in CSV_COLUMNS}
    parameters = columns | {
        "office_id": office.id,
        "status": DocumentStatus.RECORDED.value,
        "created_at": utcnow(),
    }
    return list(db.session.scalars(UNNEST_INSERT, parameters))


def chunks(rows: Iterable[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_documents(
    office: Office, rows: Iterable[SourceRow], mode: ImportMode, actor: User | None, source: str
) -> ImportResult:
    """Validate and store documents; in all-or-nothing mode any bad row stores nothing."""
    result = ImportResult(mode=mode)
    for chunk in chunks(rows, CHUNK_SIZE):
        good = [values for values in (validate_row(row, result) for row in chunk) if values]
        result.valid_rows += len(good)
        if good and result.stored:
            result.created_ids += insert_new_documents(office, good)
    finish_import(office, result, actor, source)
    return result


def validate_row(row: SourceRow, result: ImportResult) -> dict | None:
    """Return the row's clean values, or note its errors in the result."""
    if row.problem:
        errors = [FieldError("row", row.problem, row.line)]
    else:
        clean, errors = validate_document(row.values, row.line)
        if clean:
            return clean
    result.rejected_count += 1
    if len(result.rejected) < MAX_REPORTED_ROWS:
        result.errors += errors
        result.rejected.append((row.line, row.values, errors))
    return None


def finish_import(office: Office, result: ImportResult, actor: User | None, source: str) -> None:
    """Commit or roll back, and keep the report of refused rows."""
    if not result.stored:
        db.session.rollback()
    elif result.created_ids:
        ids = result.created_ids
        summary = {"source": source, "created": len(ids), "duplicates": result.duplicates}
        summary |= (
            {"document_ids": ids} if len(ids) <= 100 else {"first_id": ids[0], "last_id": ids[-1]}
        )
        record_change("documents.record", office, after=summary, actor=actor)
    if result.rejected:
        report = ImportReport(
            office_id=office.id,
            created_by_id=actor.id if actor else None,
            filename=source,
            rejected_rows=result.rejected_count,
            content=rejected_rows_csv(result),
        )
        db.session.add(report)
        db.session.flush()
        result.report_id = report.id
    db.session.commit()


def rejected_rows_csv(result: ImportResult) -> str:
    """The refused rows as they came, with an 'errors' column saying what to fix."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([*CSV_COLUMNS, "errors"])
    for line, values, errors in result.rejected:
        messages = "; ".join(f"{error.field}: {error.message}" for error in errors)
        prefix = _("line %(line)d", line=line) + ": " if line else ""
        writer.writerow([*(values.get(column, "") for column in CSV_COLUMNS), prefix + messages])
    return "\ufeff" + buffer.getvalue()


def find_documents(office: Office, ids: Iterable[int]) -> list[Document]:
    """Return the office's documents with these ids, in the order asked."""
    wanted = list(dict.fromkeys(ids))
    found = {
        doc.id: doc
        for doc in db.session.scalars(
            sa.select(Document).where(Document.office_id == office.id, Document.id.in_(wanted))
        )
    }
    return [found[i] for i in wanted if i in found]


def mark_ready(office: Office, documents: list[Document], actor: User | None) -> int:
    """Mark recorded documents ready for packing; return how many changed."""
    changed = [doc for doc in documents if doc.status == DocumentStatus.RECORDED]
    for document in changed:
        document.status = DocumentStatus.READY
    if changed:
        record_change(
            "documents.mark_ready",
            office,
            actor=actor,
            before={"status": DocumentStatus.RECORDED.value},
            after={
                "status": DocumentStatus.READY.value,
                "document_ids": [doc.id for doc in changed],
            },
        )
    db.session.commit()
    return len(changed)
