"""The refused rows of an import, as the CSV file staff download, fix and upload again.

A cell is written so that a spreadsheet shows it as text: one that starts like a formula
(=, +, -, @, or a tab or carriage return, as OWASP's CSV-injection advice lists) gets a
leading apostrophe, which the import takes off again when the fixed file comes back.
"""

import csv
import io
from collections.abc import Iterable

from flask_babel import gettext as _

from delivery.intake.csv_file import FORMULA_STARTS
from delivery.intake.fields import CSV_COLUMNS, FieldError

RefusedRow = tuple[int | None, dict[str, object], list[FieldError]]


def spreadsheet_text(value: str) -> str:
    """Make a cell safe to open: no NUL character, and no formula for a spreadsheet to run."""
    value = value.replace("\x00", "\ufffd")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def refused_rows_csv(rows: Iterable[RefusedRow]) -> str:
    """The refused rows as they came, with an 'errors' column saying what to fix."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([*CSV_COLUMNS, "errors"])
    for line, values, errors in rows:
        messages = "; ".join(f"{error.field}: {error.full_message}" for error in errors)
        prefix = _("line %(line)d", line=line) + ": " if line else ""
        cells = [*(values.get(column, "") for column in CSV_COLUMNS), prefix + messages]
        writer.writerow([spreadsheet_text(str(cell)) for cell in cells])
    return "\ufeff" + buffer.getvalue()
