"""A staff member imports the office's CSV export, fixes nothing silently, and packs parcels."""

from playwright.sync_api import expect

from delivery.models import Role
from tests.delivery.intake.rows import csv_bytes, valid_row
from tests.e2e.conftest import save_screenshot
from tests.e2e.test_homes import sign_in
from tests.factories import PASSWORDS


def test_import_with_a_bad_row_then_mark_ready_and_pack(desktop_page, staff_user, tmp_path):
    page = desktop_page
    export = tmp_path / "ekspor-siak.csv"
    rows = [valid_row(n) for n in range(1, 6)] + [valid_row(6, postal_code="3416")]
    export.write_bytes(csv_bytes(rows, delimiter=";", bom=True))
    sign_in(page, "rini", PASSWORDS[Role.STAFF])

    page.get_by_role("link", name="Impor").click()
    page.get_by_label("Berkas CSV").set_input_files(str(export))
    page.get_by_label("Simpan baris yang benar dan laporkan yang salah").check()
    page.get_by_role("button", name="Impor").click()
    expect(page.get_by_role("status")).to_contain_text("5 dokumen baru dicatat.")
    expect(page.get_by_role("alert")).to_contain_text("1 baris ditolak.")
    expect(page.get_by_role("cell", name="Kode pos terdiri dari tepat 5 digit.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh baris yang ditolak").click()
    report = download.value.path().read_text(encoding="utf-8-sig")
    assert "baris 7: postal_code" in report and "Warga Nomor 6" in report
    save_screenshot(page, "staff-import-report")

    page.get_by_role("link", name="Dokumen", exact=True).click()
    page.get_by_label("Pilih semua").check()
    page.get_by_role("button", name="Tandai yang dipilih siap").click()
    expect(page.get_by_role("status")).to_have_text("5 dokumen ditandai siap.")
    page.get_by_role("link", name="Paket", exact=True).click()
    page.get_by_role("button", name="Kemas semua dokumen yang siap").click()
    expect(page.get_by_role("status")).to_have_text("Dikemas menjadi 2 paket.")
    expect(page.locator("tbody tr")).to_have_count(2)
