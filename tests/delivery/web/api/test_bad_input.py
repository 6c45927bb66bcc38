"""Bad input to the JSON API gets a 4xx naming the field, and changes nothing."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document, DocumentStatus, Parcel
from tests.delivery.intake.rows import valid_row

JSON_OPERATIONS = [
    "/api/v1/documents",
    "/api/v1/documents/mark-ready",
    "/api/v1/parcels/pack",
    "/api/v1/dispatches",
    "/api/v1/labels",
    "/api/v1/track",
]


def post_json_text(client, path: str, text: str, headers: dict, content_type="application/json"):
    return client.post(path, data=text, headers=headers, content_type=content_type)


def refused_field(response, status: int = 400) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.json["error"]["field"]


def parcel_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Parcel))


def test_an_empty_malformed_or_non_object_body_is_refused_naming_body(client, api_headers):
    for path in JSON_OPERATIONS:
        for text in ["", '{"documents": [1', "null", '{"parcels": ["AN-2345-6789"']:
            assert refused_field(post_json_text(client, path, text, api_headers)) == "body"
    for path in JSON_OPERATIONS[1:]:  # /documents also takes a list of documents
        for text in ["[1, 2]", '"all_ready"', "3", "true"]:
            assert refused_field(post_json_text(client, path, text, api_headers)) == "body"


def test_a_body_of_another_type_is_refused_naming_the_content_type(client, api_headers):
    for path in JSON_OPERATIONS:
        response = post_json_text(client, path, '{"all_ready": true}', api_headers, "text/plain")
        assert refused_field(response, 415) == "Content-Type"


def test_packing_without_naming_what_packs_nothing(client, api_headers, make_document):
    ready = make_document(status=DocumentStatus.READY)
    for text, field in [
        ("", "body"),
        ('{"documents": [', "body"),
        ("{}", "documents"),
        ('{"documents": null}', "documents"),
        ('{"documents": []}', "documents"),
        ('{"all_ready": false}', "documents"),
        ('{"all_ready": "yes"}', "all_ready"),
        ('{"all_ready": 1}', "all_ready"),
        ('{"all_ready": true, "documents": [1]}', "all_ready"),
    ]:
        response = post_json_text(client, "/api/v1/parcels/pack", text, api_headers)
        assert refused_field(response) == field, text
    db.session.refresh(ready)
    assert ready.status == DocumentStatus.READY and parcel_count() == 0


def test_packing_every_ready_document_is_asked_for_explicitly(client, api_headers, make_document):
    ready = [make_document(status=DocumentStatus.READY) for _ in range(2)]
    response = client.post("/api/v1/parcels/pack", json={"all_ready": True}, headers=api_headers)
    assert response.status_code == 201
    assert sorted(response.json["parcels"][0]["document_ids"]) == [doc.id for doc in ready]


@pytest.mark.both_databases
def test_ids_beyond_the_database_range_are_not_found_naming_the_field(client, api_headers):
    for path, field in [
        ("/api/v1/documents/2147483648", "document_id"),
        ("/api/v1/documents/99999999999999999999999", "document_id"),
        ("/api/v1/dispatches/9223372036854775808", "batch_id"),
    ]:
        assert refused_field(client.get(path, headers=api_headers), 404) == field


@pytest.mark.both_databases
def test_references_that_cannot_name_a_document_are_reported_and_change_nothing(
    client, api_headers, make_document
):
    recorded = make_document()
    references = [
        2**31,
        2**63,
        2**64 - 1,
        {"document_type": ["ktp_el"], "document_number": "KTP-1"},
        {"document_type": "ktp_el", "document_number": "KTP\u00001"},
        {"document_type": "ktp_el", "document_number": "K" * 5000},
        {"document_type": "paspor", "document_number": "KTP-1"},
    ]
    body = {"documents": [recorded.id, *references]}
    response = client.post("/api/v1/documents/mark-ready", json=body, headers=api_headers)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": row, "field": "documents", "message": "Dokumen ini tidak ada di kantor Anda."}
        for row in range(2, len(references) + 2)
    ]
    db.session.refresh(recorded)
    assert recorded.status == DocumentStatus.RECORDED


def test_a_number_beyond_64_bits_names_no_document(client, api_headers):
    text = '{"documents": [-9223372036854775809, 99999999999999999999999]}'
    response = post_json_text(client, "/api/v1/documents/mark-ready", text, api_headers)
    assert response.status_code == 422
    assert [error["row"] for error in response.json["errors"]] == [1, 2]


def test_control_characters_in_the_address_are_refused_naming_the_part(client, api_headers):
    for path, field in [
        ("/api/v1/parcels/AN-2345%00-6789", "tracking_code"),
        ("/api/v1/parcels/AN-2345%09-6789/label.pdf", "tracking_code"),
        ("/api/v1/parcels/AN%1B-2345-6789", "tracking_code"),
        ("/api/v1/documents/1?mode=all%00", "mode"),
    ]:
        assert refused_field(client.get(path, headers=api_headers)) == field


def test_parcel_codes_with_a_nul_character_are_refused(client, api_headers):
    body = {"parcels": ["AN-2345-6789\u0000"]}
    for path in ["/api/v1/dispatches", "/api/v1/labels"]:
        assert refused_field(client.post(path, json=body, headers=api_headers)) == "parcels"


def test_too_many_parcel_codes_at_once_are_refused(client, api_headers):
    body = {"parcels": [f"AN-{n:04d}-0000" for n in range(5001)]}
    response = client.post("/api/v1/dispatches", json=body, headers=api_headers)
    assert refused_field(response) == "parcels"


def test_document_fields_that_are_not_text_are_refused_by_name(client, api_headers):
    row = valid_row() | {"rt": 3, "application_ref": {"ref": "LTG-1"}}
    response = client.post("/api/v1/documents", json=row, headers=api_headers)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": None, "field": field, "message": "Kirim nilai ini sebagai teks."}
        for field in ("rt", "application_ref")
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


def test_an_unknown_label_format_is_named(client, api_headers, make_parcel):
    body = {"parcels": [make_parcel().tracking_code], "format": "tiff"}
    assert refused_field(client.post("/api/v1/labels", json=body, headers=api_headers)) == "format"


def test_a_resident_code_with_a_nul_character_cannot_be_read(client):
    body = {"code": "AN-2345-6789\u0000", "birth_date": "1990-08-17"}
    assert refused_field(client.post("/api/v1/track", json=body), 422) == "code"


def test_a_wrong_method_is_answered_with_the_methods_allowed(client):
    response = client.get("/api/v1/parcels/pack")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert response.json["error"]["code"] == "method_not_allowed"
