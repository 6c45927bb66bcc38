"""Recording documents in bulk and marking them ready; each call is one transaction."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import sqlite

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.intake.csv_file import SourceRow
from delivery.intake.fields import CSV_COLUMNS, FieldError, validate_document
from delivery.intake.refused_rows import RefusedRow, refused_rows_csv
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
    rejected: list[RefusedRow] = field(default_factory=list)
    rejected_count: int = 0
    report_id: int | None = None

    @property
    def stored(self) -> bool:
        return not (self.mode == ImportMode.ALL_OR_NOTHING and self.rejected_count)

    @property
    def refused_everything(self) -> bool:
        """True when bad rows left nothing to store: the whole file, or every row, refused."""
        return not self.stored or bool(self.rejected_count and not self.valid_rows)

    @property
    def created(self) -> int:
        return len(self.created_ids) if self.stored else 0

    @property
    def duplicates(self) -> int:
        return self.valid_rows - len(self.created_ids)

    def reject(self, row: SourceRow, errors: list[FieldError]) -> None:
        """Count a refused row, and keep it for the report while the report has room."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_REPORTED_ROWS:
            self.errors += errors
            self.rejected.append((row.line, row.values, errors))


DocumentKey = tuple[str, str]  # (document_type, document_number): unique across offices


def document_key(values: dict) -> DocumentKey:
    return str(values["document_type"]), values["document_number"]


def insert_new_documents(office: Office, rows: list[dict]) -> dict[DocumentKey, int]:
    """Insert rows whose type and number are not recorded yet; return the new ids by key."""
    if db.engine.dialect.name == "postgresql":
        inserted = insert_by_unnest(office, rows)
    else:
        statement = (
            sqlite.insert(Document)
            .on_conflict_do_nothing()
            .returning(Document.id, Document.document_type, Document.document_number)
        )
        inserted = db.session.execute(statement, [row | {"office_id": office.id} for row in rows])
    return {(str(document_type), number): id_ for id_, document_type, number in inserted}


UNNEST_INSERT = sa.text(
    f"INSERT INTO document ({', '.join(CSV_COLUMNS)}, office_id, status, created_at)"
    f" SELECT rows.*, :office_id, :status, :created_at"
    f" FROM unnest({', '.join(f'CAST(:{name} AS text[])' for name in CSV_COLUMNS)})"
    f" AS rows({', '.join(CSV_COLUMNS)})"
    " ON CONFLICT DO NOTHING RETURNING id, document_type, document_number"
)


def insert_by_unnest(office: Office, rows: list[dict]) -> sa.Result:
    """Send a chunk to PostgreSQL as one array per column: one short statement per chunk."""
    columns = {name: [row[name] for row in rows] for name in CSV_COLUMNS}
    parameters = columns | {
        "office_id": office.id,
        "status": DocumentStatus.RECORDED.value,
        "created_at": utcnow(),
    }
    return db.session.execute(UNNEST_INSERT, parameters)


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
        good = [(row, clean) for row in chunk if (clean := validate_row(row, result))]
        waiting = store_new(office, good, result) if result.stored else good
        result.valid_rows += len(good) - refuse_other_holders(waiting, result)
    finish_import(office, result, actor, source)
    return result


def record_typed_document(office: Office, values: dict, actor: User | None) -> dict[str, str]:
    """Record one document typed into the staff's form; return what is wrong with each field
    that stops it (nothing when it was recorded)."""
    row = SourceRow(None, values)
    result = import_documents(office, [row], ImportMode.ALL_OR_NOTHING, actor, "form")
    if result.created:
        return {}
    if result.stored:
        return {
            "document_number": _("A document of this type with this number is already recorded.")
        }
    return {error.field: error.message for error in result.errors}


def validate_row(row: SourceRow, result: ImportResult) -> dict | None:
    """Return the row's clean values, or note its errors in the result."""
    if row.problem:
        errors = [FieldError("row", row.problem, row.line)]
    else:
        clean, errors = validate_document(row.values, row.line)
        if clean:
            return clean
    result.reject(row, errors)
    return None


CheckedRow = tuple[SourceRow, dict]  # a row as it came, and its clean values


def store_new(office: Office, good: list[CheckedRow], result: ImportResult) -> list[CheckedRow]:
    """Insert the rows not recorded yet; return the others (recorded before, or repeated)."""
    if not good:
        return []
    new_ids = insert_new_documents(office, [clean for _row, clean in good])
    result.created_ids += new_ids.values()
    claimed: set[DocumentKey] = set()
    waiting = []
    for row, clean in good:
        key = document_key(clean)
        if key in new_ids and key not in claimed:
            claimed.add(key)
        else:
            waiting.append((row, clean))
    return waiting


def refuse_other_holders(rows: list[CheckedRow], result: ImportResult) -> int:
    """Refuse rows whose type and number belong to a different holder; return how many."""
    holders = recorded_holders({document_key(clean) for _row, clean in rows})
    refused = 0
    for row, clean in rows:
        if holders.setdefault(document_key(clean), clean["holder_nik"]) != clean["holder_nik"]:
            message = _("This document number is already recorded for a different holder.")
            result.reject(row, [FieldError("document_number", message, row.line)])
            refused += 1
    return refused


def recorded_holders(keys: set[DocumentKey]) -> dict[DocumentKey, str]:
    """Return the holder's NIK of each document type and number already recorded."""
    if not keys:
        return {}
    rows = db.session.execute(
        sa.select(Document.document_type, Document.document_number, Document.holder_nik).where(
            sa.tuple_(Document.document_type, Document.document_number).in_(list(keys))
        )
    )
    return {(str(document_type), number): nik for document_type, number, nik in rows}


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
            content=refused_rows_csv(result.rejected),
        )
        db.session.add(report)
        db.session.flush()
        result.report_id = report.id
    db.session.commit()


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
