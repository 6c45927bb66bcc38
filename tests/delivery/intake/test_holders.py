"""A document number belongs to one holder: recorded again for another, it is refused by name;
recorded again for the same holder, it is the same document and nothing changes."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document
from tests.delivery.intake.rows import csv_bytes, valid_row
from tests.delivery.intake.test_import_api import upload
from tests.delivery.web.staff.test_documents_pages import post_form

OTHER_HOLDER = valid_row(2)["holder_nik"]
OTHER_HOLDER_MESSAGE = "Nomor dokumen ini sudah tercatat untuk pemilik lain."


def holders_of(number: str) -> list[str]:
    return list(
        db.session.scalars(sa.select(Document.holder_nik).filter_by(document_number=number))
    )


def test_the_api_refuses_a_number_recorded_for_another_holder(client, api_headers):
    first = valid_row(1)
    assert client.post("/api/v1/documents", json=first, headers=api_headers).status_code == 201
    again = first | {"holder_nik": OTHER_HOLDER, "holder_name": "Orang Lain"}
    response = client.post("/api/v1/documents", json=again, headers=api_headers)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": None, "field": "document_number", "message": OTHER_HOLDER_MESSAGE}
    ]
    assert holders_of(first["document_number"]) == [first["holder_nik"]]


def test_the_same_document_again_is_already_recorded_and_changes_nothing(client, api_headers):
    first = valid_row(1)
    client.post("/api/v1/documents", json=first, headers=api_headers)
    response = client.post("/api/v1/documents", json=first, headers=api_headers)
    assert response.status_code == 200
    assert response.json["created"] == 0 and response.json["duplicates"] == 1
    assert response.json["errors"] == []


@pytest.mark.both_databases
def test_a_file_keeps_its_good_rows_and_names_the_line_of_the_other_holder(client, api_headers):
    upload(client, api_headers, csv_bytes([valid_row(1)]))
    rows = [
        valid_row(1),
        valid_row(3, document_number=valid_row(1)["document_number"]),
        valid_row(4),
    ]
    response = upload(client, api_headers, csv_bytes(rows), mode="good_rows")
    assert response.status_code == 201
    assert (response.json["created"], response.json["duplicates"]) == (1, 1)
    assert response.json["errors"] == [
        {"row": 3, "field": "document_number", "message": OTHER_HOLDER_MESSAGE}
    ]
    assert holders_of(valid_row(1)["document_number"]) == [valid_row(1)["holder_nik"]]


def test_two_holders_of_one_number_in_one_file_store_nothing(client, api_headers):
    twice = valid_row(2, document_number=valid_row(1)["document_number"])
    response = upload(client, api_headers, csv_bytes([valid_row(1), twice, valid_row(5)]))
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 3, "field": "document_number", "message": OTHER_HOLDER_MESSAGE}
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


def test_the_form_shows_the_other_holder_next_to_the_number(staff_client):
    post_form(staff_client, "/staff/documents/new", valid_row(1))
    again = valid_row(1) | {"holder_nik": OTHER_HOLDER}
    response = post_form(staff_client, "/staff/documents/new", again)
    assert response.status_code == 422
    assert f'id="document_number-error">{OTHER_HOLDER_MESSAGE}' in response.get_data(as_text=True)
    assert holders_of(valid_row(1)["document_number"]) == [valid_row(1)["holder_nik"]]
