"""Properties of the intake parsers, for any input: they refuse or accept, never crash, and
what they accept always fits the database."""

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from delivery import create_app
from delivery.core.errors import DomainError
from delivery.intake.csv_file import read_document_rows, without_formula_guard
from delivery.intake.fields import CSV_COLUMNS, FIELD_CHECKS, validate_document
from delivery.intake.refused_rows import refused_rows_csv, spreadsheet_text
from delivery.models import Document
from tests.delivery.intake.rows import valid_row

PROPERTIES = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
COLUMN_LENGTHS = {name: Document.__table__.c[name].type.length for name in CSV_COLUMNS}
ASCII_DIGITS = {
    "holder_nik": r"[0-9]{16}",
    "kk_number": r"[0-9]{16}",
    "rt": r"[0-9]{3}",
    "rw": r"[0-9]{3}",
    "postal_code": r"[0-9]{5}",
    "recipient_phone": r"\+62[0-9]{7,13}",
}
# Text near what the checks accept, so that accepting is exercised as much as refusing.
ALMOST_VALID = st.one_of(
    st.text(),
    st.from_regex(r"[0-9 .-]{1,20}", fullmatch=True),
    st.from_regex(r"\A(0|\+62)8[0-9]{8,12}\Z"),
    st.from_regex(r"[A-Za-z0-9./-]{1,45}", fullmatch=True),
    st.text(alphabet=st.characters(categories=["L", "N", "Zs", "Cc", "Nd"]), max_size=130),
)


@pytest.fixture(scope="module")
def parser_app():
    """An app context for the parsers' translated messages; no database is touched."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    with app.test_request_context():
        yield app


def assert_fits_its_column(field: str, value: str | None) -> None:
    if value is None:
        return
    assert len(value) <= COLUMN_LENGTHS[field]
    assert not re.search(r"[\x00-\x1f\x7f]", value)
    if field in ASCII_DIGITS:
        assert re.fullmatch(ASCII_DIGITS[field], value), (field, value)


@PROPERTIES
@given(field=st.sampled_from(CSV_COLUMNS), value=ALMOST_VALID)
@example(field="holder_nik", value="١٨٠٥٠١١٧٠٥١٠٠٠٠١")
@example(field="rt", value="٣")
@example(field="postal_code", value="３４１６３")
def test_one_field_is_accepted_fitting_its_column_or_refused_by_name(parser_app, field, value):
    clean, errors = validate_document(valid_row() | {field: value}, row=7)
    if clean is None:
        assert [(error.field, error.row) for error in errors] == [(field, 7)]
        assert all(error.message for error in errors)
    else:
        for name, checked in clean.items():
            assert_fits_its_column(name, checked)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=4,
)


@PROPERTIES
@given(row=st.dictionaries(st.sampled_from(CSV_COLUMNS), ALMOST_VALID | JSON_VALUES))
def test_any_row_is_refused_field_by_field_or_stored_whole(parser_app, row):
    clean, errors = validate_document(row)
    assert (clean is None) == bool(errors)
    assert {error.field for error in errors} <= set(FIELD_CHECKS)
    for name, checked in (clean or {}).items():
        assert_fits_its_column(name, checked)


@PROPERTIES
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_file_gives_rows_or_a_file_error(parser_app, content):
    header = ",".join(CSV_COLUMNS).encode() + b"\n"
    for upload in (content, header + content):
        try:
            rows = list(read_document_rows(io.BytesIO(upload)))
        except DomainError as error:
            assert error.field == "file" and error.message
            continue
        for row in rows:
            assert row.problem or set(row.values) == set(CSV_COLUMNS)


CELLS = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
ROWS = st.lists(
    st.lists(CELLS, min_size=len(CSV_COLUMNS), max_size=len(CSV_COLUMNS)).filter(
        lambda cells: any(cell.strip() for cell in cells)
    ),
    max_size=5,
)


@PROPERTIES
@given(rows=ROWS, delimiter=st.sampled_from(",;"), bom=st.booleans())
def test_a_spreadsheet_export_reads_back_cell_for_cell(parser_app, rows, delimiter, bom):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([CSV_COLUMNS, *rows])
    content = (("\ufeff" if bom else "") + buffer.getvalue()).encode()
    read = list(read_document_rows(io.BytesIO(content)))
    assert [[row.values[name] for name in CSV_COLUMNS] for row in read] == [
        [without_formula_guard(cell) for cell in cells] for cells in rows
    ]


@given(value=st.text())
def test_a_refused_cell_never_starts_a_formula_and_reads_back(value):
    cell = spreadsheet_text(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\x00" not in cell
    if "\x00" not in value:
        assert without_formula_guard(cell) == value


@PROPERTIES
@given(rows=ROWS)
def test_the_refused_rows_file_runs_no_formula(parser_app, rows):
    refused = [
        (line, dict(zip(CSV_COLUMNS, cells, strict=True)), []) for line, cells in enumerate(rows, 2)
    ]
    content = refused_rows_csv(refused).lstrip("\ufeff")
    for cells in csv.reader(io.StringIO(content, newline=""), delimiter=";"):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
