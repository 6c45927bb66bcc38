"""Documents in through the API: one, a list, or a CSV file; bad input stores nothing."""

import io

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry, Document, DocumentStatus
from tests.delivery.intake.rows import csv_bytes, valid_row


def count_documents() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Document))


def upload(client, headers, content: bytes, mode: str | None = None, name="export.csv"):
    data = {"file": (io.BytesIO(content), name)}
    if mode:
        data["mode"] = mode
    return client.post(
        "/api/v1/documents/import", data=data, headers=headers, content_type="multipart/form-data"
    )


def test_one_document_by_json(client, api_headers, staff_user):
    response = client.post("/api/v1/documents", json=valid_row(), headers=api_headers)
    assert response.status_code == 201, response.json
    assert response.json["created"] == 1
    document = db.session.get(Document, response.json["document_ids"][0])
    assert document.status == DocumentStatus.RECORDED
    assert document.office_id == staff_user.office_id
    assert document.recipient_phone == "+6281234567890"


def test_a_list_with_a_bad_row_stores_nothing_and_names_row_and_field(client, api_headers):
    rows = [valid_row(1), valid_row(2, postal_code="3416"), valid_row(3, holder_nik="123")]
    response = client.post("/api/v1/documents", json=rows, headers=api_headers)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 2, "field": "postal_code", "message": "Kode pos terdiri dari tepat 5 digit."},
        {"row": 3, "field": "holder_nik", "message": "Harus tepat 16 digit."},
    ]
    assert count_documents() == 0


def test_good_rows_mode_stores_the_good_and_reports_the_bad(client, api_headers):
    rows = [valid_row(1), valid_row(2, rt="abcd"), valid_row(3)]
    response = client.post("/api/v1/documents?mode=good_rows", json=rows, headers=api_headers)
    assert response.status_code == 201
    assert response.json["created"] == 2 and response.json["rejected"] == 1
    assert response.json["errors"][0]["row"] == 2 and response.json["errors"][0]["field"] == "rt"
    assert count_documents() == 2


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), (";", False)])
def test_csv_with_comma_or_semicolon_with_or_without_bom(client, api_headers, delimiter, bom):
    content = csv_bytes([valid_row(n) for n in range(1, 7)], delimiter=delimiter, bom=bom)
    response = upload(client, api_headers, content)
    assert response.status_code == 201, response.json
    assert response.json["created"] == 6 and count_documents() == 6


def test_reimporting_the_same_file_changes_nothing_and_says_so(client, api_headers):
    content = csv_bytes([valid_row(n) for n in range(1, 5)])
    assert upload(client, api_headers, content).json["created"] == 4
    again = upload(client, api_headers, content)
    assert again.status_code == 200
    assert again.json["created"] == 0 and again.json["duplicates"] == 4
    assert count_documents() == 4


def test_csv_errors_name_the_line_of_the_file(client, api_headers):
    rows = [valid_row(1), valid_row(2), valid_row(3, document_type="paspor")]
    response = upload(client, api_headers, csv_bytes(rows))
    assert response.status_code == 422
    assert response.json["errors"][0]["row"] == 4  # header is line 1
    assert response.json["errors"][0]["field"] == "document_type"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong"),
        (csv_bytes([valid_row()], columns=["document_type", "document_number"]), "Yang kurang"),
        ("document_type,x\n".encode("utf-16"), "UTF-8"),
        (csv_bytes([valid_row()]) + b'ktp_el,"unterminated\n', "CSV yang sah"),
    ],
)
def test_malformed_files_get_a_clear_error_and_store_nothing(client, api_headers, content, message):
    response = upload(client, api_headers, content)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "file"
    assert message in response.json["error"]["message"]
    assert count_documents() == 0


def test_a_row_of_the_wrong_width_is_reported(client, api_headers):
    content = csv_bytes([valid_row(1)]) + b"ktp_el,only-two\n"
    response = upload(client, api_headers, content, mode="good_rows")
    assert response.json["created"] == 1
    assert response.json["errors"] == [
        {"row": 3, "field": "row", "message": "Baris ini berisi 2 nilai; baris judul berisi 16."}
    ]


def test_too_large_upload_is_refused(app, client, api_headers):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(client, api_headers, csv_bytes([valid_row(n) for n in range(1, 200)]))
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"


def test_missing_file_and_bad_mode_are_named(client, api_headers):
    response = client.post("/api/v1/documents/import", data={}, headers=api_headers)
    assert response.status_code == 400 and response.json["error"]["field"] == "file"
    response = upload(client, api_headers, csv_bytes([valid_row()]), mode="some")
    assert response.status_code == 400 and response.json["error"]["field"] == "mode"


def test_non_json_body_is_refused(client, api_headers):
    response = client.post("/api/v1/documents", data="not json", headers=api_headers)
    assert response.status_code == 400 and response.json["error"]["field"] == "body"
    response = client.post("/api/v1/documents", json=[1, 2], headers=api_headers)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "row"


def test_courier_tokens_cannot_record_documents(client, courier_user):
    from delivery.models import ApiToken

    token, plain = ApiToken.issue(courier_user, "phone")
    db.session.add(token)
    db.session.commit()
    response = client.post(
        "/api/v1/documents", json=valid_row(), headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 403
    assert count_documents() == 0


def test_an_import_is_audited_without_personal_numbers(client, api_headers):
    upload(client, api_headers, csv_bytes([valid_row(n) for n in range(1, 4)]))
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="documents.record"))
    assert entry.actor_label == "rini" and entry.after["created"] == 3
    assert valid_row(1)["holder_nik"] not in str(entry.after)


def test_mark_ready_by_reference(client, api_headers):
    ids = client.post(
        "/api/v1/documents", json=[valid_row(1), valid_row(2)], headers=api_headers
    ).json["document_ids"]
    response = client.post(
        "/api/v1/documents/mark-ready",
        headers=api_headers,
        json={
            "documents": [ids[0], {"document_type": "ktp_el", "document_number": "KTP-1802-000002"}]
        },
    )
    assert response.status_code == 200 and response.json["marked_ready"] == 2
    again = client.post(
        "/api/v1/documents/mark-ready", headers=api_headers, json={"documents": [ids[0]]}
    )
    assert again.json == again.json | {"marked_ready": 0, "unchanged": 1}


def test_mark_ready_with_unknown_reference_changes_nothing(client, api_headers):
    ids = client.post("/api/v1/documents", json=[valid_row(1)], headers=api_headers).json[
        "document_ids"
    ]
    response = client.post(
        "/api/v1/documents/mark-ready",
        headers=api_headers,
        json={"documents": [ids[0], 999999, {"document_type": "nope"}]},
    )
    assert response.status_code == 422
    assert [error["row"] for error in response.json["errors"]] == [2, 3]
    assert db.session.get(Document, ids[0]).status == DocumentStatus.RECORDED


def test_api_errors_follow_accept_language(client, api_headers):
    response = client.post(
        "/api/v1/documents",
        json=valid_row(postal_code="1"),
        headers=api_headers | {"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response.json["errors"][0]["message"] == "A postal code has exactly 5 digits."
