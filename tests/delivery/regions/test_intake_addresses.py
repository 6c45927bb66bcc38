"""Addresses at intake are checked against the ministry's region list, in the form, the CSV
import (page and report) and the API, on both databases."""

import io

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document
from delivery.regions.dataset import children
from tests.conftest import csrf_token
from tests.delivery.intake.rows import csv_bytes, valid_row

pytestmark = pytest.mark.both_databases
LAMPUNG_TENGAH = "18.02"


def post_document(client, headers, **overrides):
    return client.post("/api/v1/documents", json=valid_row(**overrides), headers=headers)


def upload_csv(client, headers, rows, mode="all_or_nothing"):
    data = {"file": (io.BytesIO(csv_bytes(rows)), "export.csv"), "mode": mode}
    return client.post(
        "/api/v1/documents/import", data=data, headers=headers, content_type="multipart/form-data"
    )


def stored() -> list[Document]:
    return list(db.session.scalars(sa.select(Document).order_by(Document.id)))


def test_a_misspelled_village_is_refused_with_the_closest_names(client, api_headers):
    response = post_document(
        client, api_headers, village="Toto Katun", district="Punggur", postal_code="34152"
    )
    assert response.status_code == 422
    [error] = response.json["errors"]
    assert error["field"] == "village"
    assert error["message"] == "“Toto Katun” bukan desa/kelurahan di Kecamatan Punggur."
    assert error["suggestions"][0] == "Toto Katon"
    assert stored() == []


def test_a_village_filed_under_the_wrong_district_says_where_it_is(client, api_headers):
    response = post_document(
        client, api_headers, village="Toto Katon", district="Trimurjo", postal_code="34152"
    )
    [error] = response.json["errors"]
    assert error["field"] == "village"
    assert error["message"] == "“Toto Katon” ada di Kecamatan Punggur, bukan di Trimurjo."


def test_a_district_outside_the_regency_is_refused_offering_the_villages_district(
    client, api_headers
):
    # Menggala is a district of Tulang Bawang (18.05), the statistics bureau's number for
    # Lampung Tengah; Toto Katon is in Lampung Tengah's Punggur
    response = post_document(client, api_headers, village="Toto Katon", district="Menggala")
    [error] = response.json["errors"]
    assert error["field"] == "district"
    assert "bukan kecamatan di Kabupaten Lampung Tengah" in error["message"]
    assert error["suggestions"][0] == "Punggur"


def test_a_near_miss_district_is_suggested(client, api_headers):
    response = post_document(client, api_headers, district="Terbangi Besar")
    [error] = response.json["errors"]
    assert (error["field"], error["suggestions"][0]) == ("district", "Terbanggi Besar")


@pytest.mark.parametrize(
    ("village", "district", "official_village", "code"),
    [
        ("yukum jaya", "TERBANGGI BESAR", "Yukum Jaya", "18.02.07.1004"),
        ("Kel. Yukum  Jaya", "Kec. Terbanggi Besar", "Yukum Jaya", "18.02.07.1004"),
        ("Kelurahan Bandar Jaya Barat", "Terbanggi Besar", "Bandar Jaya Barat", "18.02.07.1003"),
        ("Desa Toto Katon", "Kecamatan Punggur", "Toto Katon", "18.02.06.2004"),
        ("Kampung Totokaton", "Punggur", "Toto Katon", "18.02.06.2004"),
        ("Simbarwaringin", "Trimurjo", "Simbar Waringin", "18.02.05.1007"),
        ("Gunung Sugih Raya", "Gunung Sugih", "Gunung S. Raya", "18.02.04.1006"),
    ],
)
def test_spelling_variants_are_accepted_and_stored_as_the_list_spells_them(
    client, api_headers, village, district, official_village, code
):
    postal_code = next(v.postal_code for v in children(code.rsplit(".", 1)[0]) if v.code == code)
    response = post_document(
        client, api_headers, village=village, district=district, postal_code=postal_code
    )
    assert response.status_code == 201, response.json
    [document] = stored()
    assert (document.village, document.region_code) == (official_village, code)
    assert document.regency == "Kabupaten Lampung Tengah" and document.province == "Lampung"


def test_another_villages_postal_code_in_the_regency_is_stored_and_flagged(client, api_headers):
    # 34152 is Punggur's; Yukum Jaya's is 34163
    response = post_document(client, api_headers, postal_code="34152")
    assert response.status_code == 201
    [warning] = response.json["warnings"]
    assert warning["field"] == "postal_code" and warning["suggestions"] == ["34163"]
    assert "petugas akan memeriksanya" in warning["message"]
    assert stored()[0].postal_code == "34152"


def test_a_postal_code_outside_the_regency_is_refused(client, api_headers):
    response = post_document(client, api_headers, postal_code="35111")  # Bandar Lampung
    [error] = response.json["errors"]
    assert (error["field"], error["suggestions"]) == ("postal_code", ["34163"])
    assert stored() == []


def test_an_address_in_another_regency_is_refused(client, api_headers):
    response = post_document(client, api_headers, regency="Kabupaten Tulang Bawang")
    [error] = response.json["errors"]
    assert error["field"] == "regency" and error["suggestions"] == ["Kabupaten Lampung Tengah"]


def test_the_csv_import_refuses_misspelled_and_misplaced_villages_with_suggestions(
    client, api_headers
):
    rows = [
        valid_row(1),
        valid_row(2, village="Yukum Jyaa"),
        valid_row(3, village="Toto Katon"),  # in Punggur, not Terbanggi Besar
        valid_row(4),
    ]
    response = upload_csv(client, api_headers, rows, mode="good_rows")
    assert response.status_code == 201
    assert response.json["created"] == 2
    errors = {error["row"]: error for error in response.json["errors"]}
    assert set(errors) == {3, 4}  # file lines: the header is line 1
    assert errors[3]["suggestions"] == ["Yukum Jaya"]
    assert "Kecamatan Punggur" in errors[4]["message"]


def test_the_csv_import_accepts_every_village_of_the_regency(client, api_headers):
    rows = []
    for district in children(LAMPUNG_TENGAH):
        for village in children(district.code):
            number = len(rows) + 1
            rows.append(
                valid_row(
                    number,
                    village=village.name.upper(),
                    district=f"Kec. {district.name}",
                    postal_code=village.postal_code,
                )
            )
    response = upload_csv(client, api_headers, rows)
    assert response.status_code == 201, response.json["errors"][:3]
    assert response.json["created"] == len(rows) == 311
    assert response.json["warnings"] == []
    codes = db.session.scalars(sa.select(Document.region_code).distinct())
    assert len(set(codes)) == 311


def test_the_form_shows_did_you_mean_next_to_the_field(staff_client):
    data = valid_row(village="Yukum Jyaa") | {"csrf_token": csrf_token(staff_client, "/staff/")}
    response = staff_client.post("/staff/documents/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="village-error">“Yukum Jyaa” bukan desa/kelurahan' in page
    assert "Maksud Anda Yukum Jaya?" in page


def test_the_refused_rows_file_says_did_you_mean(staff_client):
    rows = [valid_row(1), valid_row(2, village="Yukum Jyaa")]
    response = staff_client.post(
        "/staff/documents/import",
        data={
            "file": (io.BytesIO(csv_bytes(rows, ";")), "ekspor.csv"),
            "mode": "good_rows",
            "csrf_token": csrf_token(staff_client, "/staff/"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "Maksud Anda Yukum Jaya?" in page
    link = page.split('href="/staff/import-reports/')[1].split('"')[0]
    report = staff_client.get(f"/staff/import-reports/{link}").get_data(as_text=True)
    assert "village: “Yukum Jyaa” bukan desa/kelurahan di Kecamatan Terbanggi Besar." in report
    assert "Maksud Anda Yukum Jaya?" in report
