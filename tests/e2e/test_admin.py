"""A new office runs itself: created from a shell, its admin sets the rule, adds a courier,
issues and revokes a token and reads the audit trail, in Chromium, without touching Python."""

import re
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import ApiToken, Office, User
from tests.e2e.conftest import save_screenshot
from tests.e2e.test_courier import sign_in

ADMIN_PASSWORD = "pesawaran-admin-1"


def set_up_office_from_a_shell(app) -> None:
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=[
            "offices", "create", "--code", "PSW", "--name", "Disdukcapil Kabupaten Pesawaran",
            "--regency", "Kabupaten Pesawaran", "--province", "Lampung",
            "--address", "Jl. Ahmad Yani No. 1", "--postal-code", "35371",
            "--phone", "0721 5620015",
        ]
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    admin = runner.invoke(
        args=["users", "create", "dewi", "--role", "admin", "--office", "PSW",
              "--name", "Dewi Anggraini", "--password-stdin"],
        input=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert admin.exit_code == 0, admin.output


def test_a_new_office_is_run_by_its_admin_in_the_browser(app, desktop_page):
    set_up_office_from_a_shell(app)
    page = desktop_page
    sign_in(page, "dewi", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Disdukcapil Kabupaten Pesawaran")
    menu = page.get_by_role("navigation", name="Utama")
    expect(menu.get_by_role("link", name="Jejak audit")).to_be_visible()
    expect(menu.get_by_role("link", name="Dokumen")).to_have_count(0)

    rule = page.locator("#rule")
    rule.get_by_label("Hanya pemilik dokumen").check()
    rule.get_by_label("Wakil dengan surat kuasa bertanda tangan juga boleh menerima").check()
    rule.get_by_label("4 digit terakhir NIK pemilik").check()
    rule.get_by_label("Biaya antar yang dipungut di pintu").fill("15.000")
    rule.get_by_label("KTP lama harus diserahkan di pintu").check()
    rule.get_by_label("Jumlah gagal antar sebelum paket dikembalikan").fill("0")
    rule.get_by_role("button", name="Simpan aturan pengantaran").click()
    field_error = page.locator("#attempts_before_return-error")
    expect(field_error).to_have_text("Isi bilangan bulat dari 1 sampai 10.")
    expect(rule.get_by_label("Hanya pemilik dokumen")).to_be_checked()  # the choices are kept
    rule.get_by_label("Jumlah gagal antar sebelum paket dikembalikan").fill("2")
    rule.get_by_role("button", name="Simpan aturan pengantaran").click()
    expect(page.get_by_text("Aturan pengantaran tersimpan.")).to_be_visible()
    summary = page.locator(".rule-summary")
    expect(summary).to_contain_text("Yang boleh menerima: hanya pemilik dokumen.")
    expect(summary).to_contain_text("Biaya antar yang dipungut di pintu: Rp15.000.")
    expect(summary).to_contain_text("Dikembalikan setelah 2 kali gagal antar.")

    menu.get_by_role("link", name="Pengguna").click()
    form = page.locator("#new-user")
    form.get_by_label("Kurir").check()
    form.get_by_label("Nama lengkap").fill("Yoga Pratama")
    form.get_by_label("Nama pengguna (untuk masuk)").fill("yoga")
    form.get_by_label("Kata sandi awal").fill("first-password-1")
    form.get_by_role("button", name="Tambahkan").click()
    expect(page.locator("tr[data-user=yoga]")).to_contain_text("Harus memilih kata sandi baru")

    menu.get_by_role("link", name="Token API").click()
    issue = page.locator("#new-token")
    issue.get_by_label("Untuk apa").fill("SIAK export")
    issue.get_by_role("button", name="Buat token").click()
    plain = page.locator("[data-issued-token]").inner_text()
    assert plain.startswith("antar_")
    integrator = app.test_client()
    me = integrator.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.json["office"]["code"] == "PSW"
    page.goto("/admin/tokens")  # shown once: a fresh look at the page does not show it again
    expect(page.locator("[data-issued-token]")).to_have_count(0)
    page.locator(f"tr[data-token='{plain[-4:]}']").get_by_role("button", name="Cabut").click()
    expect(page.get_by_text(f"Token yang berakhiran {plain[-4:]} dicabut.")).to_be_visible()
    refused = integrator.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 401

    menu.get_by_role("link", name="Jejak audit").click()
    page.get_by_label("Tindakan").select_option("office.rule")
    page.get_by_role("button", name="Saring").click()
    expect(page.get_by_text("1 catatan")).to_be_visible()
    row = page.locator("table.audit tbody tr")
    expect(row).to_contain_text("dewi")
    expect(row).to_contain_text('"delivery_fee": 0')
    expect(row).to_contain_text('"delivery_fee": 15000')
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh sebagai CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "office.rule" in exported and "token.create" not in exported
    save_screenshot(page, "admin-audit")

    office = db.session.scalar(sa.select(Office).filter_by(code="PSW"))
    db.session.refresh(office)
    assert office.delivery_fee == 15000 and office.attempts_before_return == 2
    assert db.session.scalar(sa.select(User).filter_by(username="yoga")).office == office
    assert db.session.scalar(sa.select(ApiToken)).revoked_at is not None
    assert re.fullmatch(r"antar_[\w-]{40,}", plain)
