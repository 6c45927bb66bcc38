"""The handover manifest the office and the postal officer sign."""

import re
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pypdfium2
import pytest

from labels import (
    InvalidLabelError,
    LabelStyle,
    Manifest,
    ManifestCaptions,
    ManifestRow,
    PdfMetadata,
    render_manifest_pdf,
)

WIB = timezone(timedelta(hours=7))
INDONESIAN = LabelStyle(
    language="id",
    manifest=ManifestCaptions(
        title="Manifes Serah Terima Paket Dokumen Kependudukan",
        tracking_code="Kode pelacakan",
        village="Desa/Kelurahan",
        district="Kecamatan",
        document_count="Jumlah dokumen",
        parcel_count="Jumlah paket",
        batch="Nomor batch",
        created="Dibuat",
        total_parcels="Total paket",
        total_documents="Total dokumen",
        handed_over_by="Diserahkan oleh: petugas Disdukcapil",
        received_by="Diterima oleh: petugas Pos Indonesia",
        name="Nama",
        signature="Tanda tangan",
        date="Tanggal",
        page="Halaman {page} dari {pages}",
        date_format="%d-%m-%Y %H:%M",
    ),
    metadata=PdfMetadata(author="Disdukcapil Kabupaten Lampung Tengah", creator="Kantor"),
)


def render(manifest: Manifest) -> bytes:
    """Render a manifest in the Indonesian style an office would give."""
    return render_manifest_pdf(manifest, style=INDONESIAN)


@pytest.fixture
def make_manifest():
    """Return a factory for a manifest of `count` parcels, rows overridable."""

    def make(count: int = 250, rows: list[ManifestRow] | None = None) -> Manifest:
        villages = ["Bandar Jaya Timur", "Poncowati", "Yukum Jaya", "Gunung Sugih Raya"]
        rows = (
            rows
            if rows is not None
            else [
                ManifestRow(
                    f"AN-{number:04d}-K7QX", villages[number % 4], "Terbanggi Besar", 1 + number % 3
                )
                for number in range(count)
            ]
        )
        return Manifest(
            office_name="Disdukcapil Kabupaten Lampung Tengah",
            office_address_lines=["Jl. Negara No. 1, Gunung Sugih", "Lampung Tengah 34161"],
            batch_reference="BATCH-2026-0042",
            created_at=datetime(2026, 11, 23, 9, 30, tzinfo=WIB),
            rows=rows,
        )

    return make


def test_a_long_manifest_lists_every_parcel_over_numbered_pages(
    make_manifest, page_texts, rasterize
):
    manifest = make_manifest(250)
    pdf = render(manifest)
    texts = [" ".join(text.split()) for text in page_texts(pdf)]
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Halaman {number} dari {len(texts)}" in text
        assert "Kode pelacakan" in text, "the table header is repeated on every page"
    listed = re.findall(r"AN-\d{4}-K7QX", " ".join(texts))
    assert sorted(listed) == sorted(row.tracking_code for row in manifest.rows)
    assert all(page.getextrema() != (255, 255) for page in rasterize(pdf, dpi=50))


def test_totals_count_parcels_and_documents(make_manifest, page_texts):
    manifest = make_manifest(250)
    documents = sum(row.document_count for row in manifest.rows)
    text = " ".join(" ".join(page_texts(render(manifest))).split())
    assert f"Jumlah paket: 250 · Jumlah dokumen: {documents}" in text
    assert "Total paket: 250" in text
    assert f"Total dokumen {documents}" in text


def test_every_caption_comes_from_the_style_and_defaults_to_plain_english(
    make_manifest, page_texts
):
    manifest = make_manifest(3)
    english = " ".join(" ".join(page_texts(render_manifest_pdf(manifest))).split())
    for words in (
        "Parcel handover manifest",
        "Tracking code",
        "Batch: BATCH-2026-0042",
        "Created: 2026-11-23 09:30",
        "Parcels: 3",
        "Handed over by",
        "Received by",
        "Signature",
        "Page 1 of 1",
    ):
        assert words in english
    assert not {"Halaman", "Nomor", "Dibuat", "Diserahkan", "Jumlah"} & set(english.split())
    indonesian = " ".join(" ".join(page_texts(render(manifest))).split())
    assert "Manifes Serah Terima Paket Dokumen Kependudukan" in indonesian
    assert "Page" not in indonesian and "Tracking" not in indonesian


def test_the_document_carries_the_styles_language_and_metadata(make_manifest):
    pdf = render(make_manifest(3))
    assert b"/Lang (id)" in pdf
    document = pypdfium2.PdfDocument(pdf)
    metadata = document.get_metadata_dict()
    assert metadata["Title"] == "Manifes Serah Terima Paket Dokumen Kependudukan BATCH-2026-0042"
    assert metadata["Author"] == "Disdukcapil Kabupaten Lampung Tengah"
    assert metadata["Creator"] == "Kantor"
    document.close()


def test_the_last_page_has_signature_boxes_for_office_and_postal_officer(make_manifest, page_texts):
    last_page = page_texts(render(make_manifest(250)))[-1]
    assert "Diserahkan oleh: petugas Disdukcapil" in last_page
    assert "Diterima oleh: petugas Pos Indonesia" in last_page
    assert last_page.count("Tanda tangan") == 2
    assert last_page.count("Nama:") == 2


def test_heading_names_office_batch_and_local_time(make_manifest, page_texts):
    first_page = page_texts(render(make_manifest(3)))[0]
    assert "Disdukcapil Kabupaten Lampung Tengah" in first_page
    assert "Nomor batch: BATCH-2026-0042" in first_page
    assert "Dibuat: 23-11-2026 09:30 UTC+07:00" in first_page


def test_village_names_print_as_written_even_with_markup_characters(make_manifest, page_texts):
    rows = [
        ManifestRow("AN-0001-AAAA", "Desa Ṣāliḥ & Nguyễn <Lama>", "Kecamatan Đặng", 2),
        ManifestRow("AN-0002-BBBB", "Kelurahan " + "Sangat Panjang " * 8, "Terbanggi", 1),
    ]
    text = " ".join(" ".join(page_texts(render(make_manifest(rows=rows)))).split())
    assert unicodedata.normalize("NFC", "Desa Ṣāliḥ & Nguyễn <Lama>") in text
    assert "Kecamatan Đặng" in text
    assert ("Sangat Panjang " * 8).strip() in text


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [ManifestRow("AN-0001-AAAA", "Poncowati", "Terbanggi Besar", 0)],
        [ManifestRow("AN-0001-AAAA", "Poncowati", "Terbanggi Besar", True)],
    ],
)
def test_an_empty_manifest_or_an_impossible_count_is_refused(make_manifest, rows):
    with pytest.raises(InvalidLabelError) as caught:
        render(make_manifest(rows=rows))
    assert caught.value.field == "rows"


def test_a_manifest_in_utc_says_so(make_manifest, page_texts):
    manifest = make_manifest(1)
    utc = replace(manifest, created_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert "Dibuat: 02-01-2026 03:04 UTC" in page_texts(render(utc))[0]
