"""Labels of real parcels scan to their own URL and code, and carry no personal numbers."""

import io
import re
import zipfile
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from delivery.core.extensions import db
from delivery.models import (
    ApiToken,
    DispatchBatch,
    DocumentStatus,
    DocumentType,
    Shipment,
    ShipmentState,
)
from delivery.parcels.packing import pack_household_parcels
from tests.conftest import csrf_token


@pytest.fixture
def parcels(office, make_document):
    """Forty households, each with a KK and a child's KIA; names beyond Latin-1 included."""
    names = [
        "Ḥasan Basri",
        "Nguyễn Thị Ánh",
        "Siti Aminah binti Abdurrahman Wahid Al-Jufri",
        "I Gusti Ngurah Made Agung Wiradharma Putra",
    ]
    for number in range(40):
        shared = {
            "kk_number": f"180202150615{number:04d}",
            "status": DocumentStatus.READY,
            "street": f"Jl. Lintas Sumatera Km {number}, Gang Masjid Al-Ikhlas Blok {number}",
            "recipient_name": names[number % len(names)],
        }
        make_document(document_type=DocumentType.KK, document_number=f"KK-{number}", **shared)
        make_document(document_type=DocumentType.KIA, document_number=f"KIA-{number}", **shared)
    return pack_household_parcels(office)


def pages_of(pdf: bytes) -> list:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=300 / 72).to_pil() for page in document]


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document.get_metadata_dict()
    finally:
        document.close()


def print_labels(client, parcels, label_format: str = "pdf"):
    return client.post(
        "/staff/labels",
        data={
            "tracking_code": [p.tracking_code for p in parcels],
            "format": label_format,
            "csrf_token": csrf_token(client, "/staff/"),
        },
    )


def decoded(image) -> tuple[set[str], set[str]]:
    found = zxingcpp.read_barcodes(image)
    urls = {code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode}
    codes = {code.text for code in found if code.format == zxingcpp.BarcodeFormat.Code128}
    return urls, codes


def test_a4_labels_from_the_parcel_list_scan_to_their_urls_and_codes(staff_client, parcels):
    response = print_labels(staff_client, parcels, "a4")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    urls, codes = set(), set()
    for page in pages_of(response.data):
        page_urls, page_codes = decoded(page)
        urls |= page_urls
        codes |= page_codes
    assert urls == {f"https://antar.test/p/{p.qr_token}" for p in parcels}
    assert codes == {p.tracking_code for p in parcels}


def test_labels_hold_no_nik_kk_number_birth_date_or_document_type(staff_client, parcels):
    response = print_labels(staff_client, parcels)
    text = pdf_text(response.data)
    assert "Nguyễn Thị Ánh" in text and "Ḥasan Basri" in text
    for parcel in parcels:  # a random code may spell "KIA" or hold digits by chance
        text = text.replace(parcel.tracking_code, "")
    digits = re.sub(r"\D", "", text)
    numbers = re.findall(r"\d+", text)  # each number as printed
    for parcel in parcels:
        for document in parcel.documents:
            assert document.holder_nik not in digits
            assert document.kk_number not in digits
            born = document.holder_nik[6:12]  # the NIK's birth date part
            assert not any(born in number for number in numbers)
            assert document.document_number not in text
    for word in ("KTP", "Kartu Keluarga", "KIA", "Akta", "NIK"):
        assert word not in text


def test_one_parcels_label_through_the_api(client, staff_user, parcels):
    token, plain = ApiToken.issue(staff_user, "printing")
    db.session.add(token)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}
    parcel = parcels[0]
    response = client.get(f"/api/v1/parcels/{parcel.tracking_code}/label.pdf", headers=headers)
    assert response.mimetype == "application/pdf"
    assert decoded(pages_of(response.data)[0]) == (
        {f"https://antar.test/p/{parcel.qr_token}"},
        {parcel.tracking_code},
    )

    codes = [p.tracking_code for p in parcels[:3]]
    zpl = client.post("/api/v1/labels", json={"parcels": codes, "format": "zpl"}, headers=headers)
    assert zpl.data.count(b"^XA") == 3 and all(code.encode() in zpl.data for code in codes)
    images = client.post(
        "/api/v1/labels", json={"parcels": codes, "format": "png"}, headers=headers
    )
    with zipfile.ZipFile(io.BytesIO(images.data)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{code}.png" for code in codes)

    bad = client.post("/api/v1/labels", json={"parcels": codes, "format": "gif"}, headers=headers)
    assert bad.status_code == 400 and bad.json["error"]["field"] == "format"
    unknown = client.get("/api/v1/parcels/AN-2222-2222/label.pdf", headers=headers)
    assert unknown.status_code == 404


def test_handover_manifest_lists_the_parcels_the_carrier_accepted(staff_client, office, parcels):
    batch = DispatchBatch(office_id=office.id)
    db.session.add(batch)
    for number, parcel in enumerate(parcels[:12]):
        parcel.batch = batch
        state = ShipmentState.SUBMITTED if number < 10 else ShipmentState.FAILED
        db.session.add(Shipment(parcel=parcel, idempotency_key=f"k-{number}", state=state))
    db.session.commit()
    response = staff_client.get(f"/staff/dispatches/{batch.id}/manifest.pdf")
    text = pdf_text(response.data)
    assert all(parcel.tracking_code in text for parcel in parcels[:10])
    assert all(parcel.tracking_code not in text for parcel in parcels[10:])  # refused, not sent
    assert "20" in text  # two documents in each of ten parcels


def test_a_batch_the_carrier_accepted_nothing_of_has_no_manifest(staff_client, office, parcels):
    batch = DispatchBatch(office_id=office.id)
    parcels[0].batch = batch
    db.session.add(Shipment(parcel=parcels[0], idempotency_key="k", state=ShipmentState.FAILED))
    db.session.commit()
    response = staff_client.get(f"/staff/dispatches/{batch.id}/manifest.pdf")
    assert response.status_code == 409
    assert "Pos belum menerima satu paket pun dari kiriman ini." in response.get_data(as_text=True)


def test_labels_speak_the_staff_members_language_and_name_the_office(staff_client, office, parcels):
    indonesian = print_labels(staff_client, parcels[:2])
    text = pdf_text(indonesian.data)
    for caption in ("PENGIRIM", "PENERIMA", "KODE PELACAKAN", "Telp. +62"):
        assert caption in text
    metadata = pdf_metadata(indonesian.data)
    assert (metadata["Title"], metadata["Author"]) == ("Label paket", office.name)
    assert metadata["Creator"] == "Antar"
    assert b"/Lang (id)" in indonesian.data
    zpl = print_labels(staff_client, parcels[:1], "zpl").data
    assert b"PENGIRIM" in zpl and b"KODE PELACAKAN" in zpl

    staff_client.set_cookie("lang", "en")
    english = print_labels(staff_client, parcels[:2])
    text = pdf_text(english.data)
    assert "FROM" in text and "TRACKING CODE" in text and "Phone: +62" in text
    assert "PENGIRIM" not in text
    assert pdf_metadata(english.data)["Title"] == "Parcel labels"


def test_the_manifest_speaks_the_staff_members_language(staff_client, office, parcels):
    batch = DispatchBatch(office_id=office.id)
    db.session.add(batch)
    parcels[0].batch = batch
    db.session.add(Shipment(parcel=parcels[0], idempotency_key="k", state=ShipmentState.SUBMITTED))
    db.session.commit()
    indonesian = pdf_text(staff_client.get(f"/staff/dispatches/{batch.id}/manifest.pdf").data)
    for words in ("Manifes Serah Terima", "Halaman 1 dari 1", "Diserahkan oleh", "Kecamatan"):
        assert words in indonesian
    staff_client.set_cookie("lang", "en")
    english = pdf_text(staff_client.get(f"/staff/dispatches/{batch.id}/manifest.pdf").data)
    for words in ("Population document parcel handover manifest", "Page 1 of 1", "Handed over by"):
        assert words in english


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="fonts-dejavu-core not installed")
def test_labels_are_set_in_the_configured_font(request, app_config):
    app_config["LABEL_FONT"] = str(DEJAVU)
    staff_client = request.getfixturevalue("staff_client")
    parcels = request.getfixturevalue("parcels")
    response = print_labels(staff_client, parcels[:1])
    assert response.status_code == 200 and b"DejaVuSans" in response.data
