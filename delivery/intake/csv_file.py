"""Reading the staff's CSV export: UTF-8 with or without BOM, comma or semicolon separated."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _

from delivery.core.errors import DomainError
from delivery.intake.fields import CSV_COLUMNS

MAX_ROWS = 200_000
MAX_FIELD_LENGTH = 1_000
MAX_FILENAME_LENGTH = 200
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # cells a spreadsheet would run


class CsvFormatError(DomainError):
    """The file as a whole cannot be read as the expected CSV."""

    status = 400
    code = "invalid_file"


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file, or the reason it could not be split into fields."""

    line: int
    values: dict[str, object]  # text from a file; any JSON value from the API
    problem: str | None = None


def choose_delimiter(header_line: str) -> str:
    """Spreadsheets set to Indonesian export with semicolons; others with commas."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def check_header(header: list[str]) -> None:
    """Require exactly the documented columns, in any order."""
    names = [name.strip().lower() for name in header]
    missing = [name for name in CSV_COLUMNS if name not in names]
    unknown = [name for name in names if name not in CSV_COLUMNS]
    if missing or unknown or len(names) != len(set(names)):
        raise CsvFormatError(
            _(
                "The header must have exactly these columns: %(columns)s. Missing: %(missing)s."
                " Not expected: %(unknown)s.",
                columns=", ".join(CSV_COLUMNS),
                missing=", ".join(missing) or "-",
                unknown=", ".join(unknown) or "-",
            ),
            field="file",
        )


def read_document_rows(stream: BinaryIO) -> Iterator[SourceRow]:
    """Yield every data row, streaming; raise CsvFormatError if the file cannot be read."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        header_line = text.readline()
        if not header_line.strip():
            raise CsvFormatError(_("The file is empty."), field="file")
        header = next(csv.reader([header_line], delimiter=choose_delimiter(header_line)))
        check_header(header)
        names = [name.strip().lower() for name in header]
        reader = csv.reader(text, delimiter=choose_delimiter(header_line), strict=True)
        for count, values in enumerate(reader, start=1):
            line = reader.line_num + 1
            if count > MAX_ROWS:
                raise CsvFormatError(
                    _("A file may hold at most %(count)d rows; split it.", count=MAX_ROWS),
                    field="file",
                )
            if not any(value.strip() for value in values):
                continue
            yield row_from_values(names, values, line)
    except UnicodeDecodeError:
        raise CsvFormatError(
            _("The file is not UTF-8 text. Save it as CSV UTF-8."), field="file"
        ) from None
    except csv.Error as error:
        raise CsvFormatError(
            _("The file is not valid CSV: %(problem)s.", problem=str(error)), field="file"
        ) from None
    finally:
        text.detach()


def row_from_values(names: list[str], values: list[str], line: int) -> SourceRow:
    """Pair values with column names; a row of the wrong width or size is reported, not read."""
    if len(values) != len(names):
        problem = _(
            "This row has %(found)d values; the header has %(expected)d.",
            found=len(values),
            expected=len(names),
        )
        return SourceRow(line, {}, problem)
    if any(len(value) > MAX_FIELD_LENGTH for value in values):
        return SourceRow(line, {}, _("A value in this row is far too long."))
    return SourceRow(line, dict(zip(names, map(without_formula_guard, values), strict=True)))


def without_formula_guard(value: str) -> str:
    """Take off the apostrophe the refused-rows file puts before a cell that starts a formula."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def upload_name(filename: str) -> str:
    """The uploaded file's name as it may be kept: printable, one line, not too long."""
    return "".join(char if char.isprintable() else "?" for char in filename)[:MAX_FILENAME_LENGTH]
