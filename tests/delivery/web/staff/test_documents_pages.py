"""The staff's document pages: record, import, search, bulk actions; only their own office."""

import io

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document, DocumentStatus, Parcel
from tests.conftest import csrf_token
from tests.delivery.intake.rows import csv_bytes, valid_row


def post_form(client, path: str, data: dict, **kwargs):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/")}, **kwargs)


def test_record_one_document_by_form(staff_client):
    response = post_form(staff_client, "/staff/documents/new", valid_row())
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Document.holder_name)) == "Warga Nomor 1"


def test_form_errors_are_shown_next_to_the_field_and_values_kept(staff_client):
    response = post_form(
        staff_client,
        "/staff/documents/new",
        valid_row(postal_code="341", holder_name="Siti Ḥasanah"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="postal_code-error">Kode pos terdiri dari tepat 5 digit.' in page
    assert 'value="Siti Ḥasanah"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


def test_recording_the_same_document_twice_says_so(staff_client):
    post_form(staff_client, "/staff/documents/new", valid_row())
    response = post_form(staff_client, "/staff/documents/new", valid_row())
    assert response.status_code == 422
    assert "sudah tercatat" in response.get_data(as_text=True)


def test_import_page_reports_bad_rows_and_offers_the_fix_file(staff_client):
    rows = [valid_row(1), valid_row(2, rt="12345"), valid_row(3)]
    response = post_form(
        staff_client,
        "/staff/documents/import",
        {"file": (io.BytesIO(csv_bytes(rows, ";")), "ekspor.csv"), "mode": "good_rows"},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 dokumen baru dicatat." in page and "1 baris ditolak." in page
    link = page.split('href="/staff/import-reports/')[1].split('"')[0]
    report = staff_client.get(f"/staff/import-reports/{link}")
    lines = report.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert report.mimetype == "text/csv" and len(lines) == 2
    assert lines[0].endswith(";errors") and "baris 3: rt: Gunakan angka" in lines[1]


def test_all_or_nothing_import_stores_nothing(staff_client):
    rows = [valid_row(1), valid_row(2, postal_code="")]
    response = post_form(
        staff_client,
        "/staff/documents/import",
        {"file": (io.BytesIO(csv_bytes(rows)), "ekspor.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "tidak ada yang disimpan" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


def test_import_without_a_file_names_the_field(staff_client):
    response = post_form(staff_client, "/staff/documents/import", {})
    assert response.status_code == 400
    assert 'id="file-error" role="alert">Pilih berkas CSV' in response.get_data(as_text=True)


def test_names_are_text_never_markup(staff_client, make_document):
    make_document(holder_name="<script>alert(1)</script>")
    page = staff_client.get("/staff/documents").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_nik_search_is_posted_not_put_in_the_url(staff_client, make_document):
    wanted = make_document(holder_name="Siti Aminah")
    make_document(holder_name="Joko Susilo")
    page = staff_client.get("/staff/documents").get_data(as_text=True)
    assert 'method="post" action="/staff/documents/search"' in page
    response = post_form(staff_client, "/staff/documents/search", {"nik": wanted.holder_nik})
    page = response.get_data(as_text=True)
    assert "Siti Aminah" in page and "Joko Susilo" not in page


def test_filters_and_text_search(staff_client, make_document):
    make_document(holder_name="Siti Aminah", village="Yukum Jaya")
    make_document(holder_name="Joko Susilo", village="Poncowati", status=DocumentStatus.READY)
    page = staff_client.get("/staff/documents?status=ready").get_data(as_text=True)
    assert "Joko Susilo" in page and "Siti Aminah" not in page
    page = post_form(staff_client, "/staff/documents/search", {"q": "yukum"}).get_data(as_text=True)
    assert "Siti Aminah" in page and "Joko Susilo" not in page


def test_bulk_mark_ready_then_pack(staff_client, make_document):
    documents = [make_document(), make_document()]
    ids = [str(document.id) for document in documents]
    response = post_form(
        staff_client,
        "/staff/documents/bulk",
        {"document_id": ids, "action": "mark_ready"},
        follow_redirects=True,
    )
    assert "2 dokumen ditandai siap." in response.get_data(as_text=True)
    response = post_form(
        staff_client,
        "/staff/documents/bulk",
        {"document_id": ids, "action": "pack"},
        follow_redirects=True,
    )
    assert "Dikemas menjadi 1 paket." in response.get_data(as_text=True)
    parcel = db.session.scalar(sa.select(Parcel))
    page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").get_data(as_text=True)
    assert documents[0].document_number in page and "Bongkar paket ini" in page


def test_packing_recorded_documents_explains_why_not(staff_client, make_document):
    document = make_document(document_number="KTP-000777")
    response = post_form(
        staff_client,
        "/staff/documents/bulk",
        {"document_id": [str(document.id)], "action": "pack"},
    )
    assert response.status_code == 409
    assert "KTP-000777 berstatus recorded, belum siap" in response.get_data(as_text=True)


def test_a_bulk_action_without_a_selection_or_action_is_refused(staff_client, make_document):
    document = make_document()
    nothing = post_form(staff_client, "/staff/documents/bulk", {"action": "mark_ready"})
    assert nothing.status_code == 400
    assert "Pilih sedikitnya satu dokumen" in nothing.get_data(as_text=True)
    unknown = post_form(
        staff_client,
        "/staff/documents/bulk",
        {"document_id": [str(document.id)], "action": "shred"},
    )
    assert unknown.status_code == 400 and "Pilih tindakan." in unknown.get_data(as_text=True)
    db.session.expire_all()
    assert document.status == DocumentStatus.RECORDED


def test_staff_see_only_their_office(staff_client, make_office, make_document, make_parcel):
    other = make_office()
    make_document(office=other, holder_name="Orang Kantor Lain")
    foreign_parcel = make_parcel([make_document(office=other)], office=other)
    page = staff_client.get("/staff/documents").get_data(as_text=True)
    assert "Orang Kantor Lain" not in page
    assert staff_client.get(f"/staff/parcels/{foreign_parcel.tracking_code}").status_code == 404
    foreign_ids = [str(doc.id) for doc in foreign_parcel.documents]
    post_form(
        staff_client, "/staff/documents/bulk", {"document_id": foreign_ids, "action": "mark_ready"}
    )
    db.session.expire_all()
    assert foreign_parcel.documents[0].status == DocumentStatus.RECORDED
