"""Staff pages that scale, in Chromium: "select all" reaches every matching parcel on every
page; on a phone the lists become cards that keep codes on one line and the key columns, and
the menu stays on one line under the brand."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import ParcelStatus, Role, Shipment
from tests.e2e.conftest import PHONE, save_screenshot
from tests.e2e.test_courier import sign_in
from tests.factories import PASSWORDS

HEADER_ROWS = """() => {
  const parts = [...document.querySelectorAll('.site-header > *')].map((part) => {
    const box = part.getBoundingClientRect();
    return Math.round((box.top + box.bottom) / 2);
  });
  return new Set(parts).size;
}"""
NAV_LINES = """() => new Set([...document.querySelectorAll('.site-header nav a')]
  .map((link) => Math.round(link.getBoundingClientRect().top))).size"""
CODES_ON_MORE_LINES = """() => [...document.querySelectorAll('td .code')]
  .filter((code) => code.getClientRects().length > 1).length"""
PAGE_SCROLLS_SIDEWAYS = """() => document.documentElement.scrollWidth > window.innerWidth"""


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Dispatch jobs wait on Redis: nothing calls a carrier here."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def sixty_ready(staff_user, make_parcel, make_document):
    return [
        make_parcel([make_document(kk_number=f"18050117053{n:05d}", holder_name="Ayu Ningtyas")])
        for n in range(60)
    ]


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        viewport=PHONE, base_url=live_server, locale="id-ID", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def test_select_all_reaches_every_matching_parcel_on_every_page(desktop_page, sixty_ready):
    page = desktop_page
    sign_in(page, "rini", PASSWORDS[Role.STAFF])
    page.goto("/staff/parcels?status=ready")
    banner = page.locator("[data-select-matching]")
    expect(banner).to_be_hidden()
    page.get_by_label("Pilih semua", exact=True).check()
    expect(banner).to_contain_text("Semua 50 baris di halaman ini terpilih.")
    page.get_by_label("Pilih semua 60 paket yang cocok, di semua halaman").check()
    page.get_by_role("button", name="Kirim yang dipilih").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("#")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 60


def test_unticking_a_row_drops_every_page(desktop_page, sixty_ready):
    page = desktop_page
    sign_in(page, "rini", PASSWORDS[Role.STAFF])
    page.goto("/staff/parcels?status=ready")
    page.get_by_label("Pilih semua", exact=True).check()
    everything = page.get_by_label("Pilih semua 60 paket yang cocok, di semua halaman")
    everything.check()
    page.locator("tbody input[type=checkbox]").first.uncheck()
    expect(everything).not_to_be_checked()
    expect(page.locator("[data-select-matching]")).to_be_hidden()


def test_the_parcel_list_on_a_phone(phone, sixty_ready):
    sign_in(phone, "rini", PASSWORDS[Role.STAFF])
    phone.goto("/staff/parcels")
    assert phone.evaluate(HEADER_ROWS) <= 2
    assert phone.evaluate(NAV_LINES) == 1
    assert phone.evaluate(CODES_ON_MORE_LINES) == 0
    assert not phone.evaluate(PAGE_SCROLLS_SIDEWAYS)
    card = phone.locator("tbody tr").first
    expect(card.locator("td[data-label='Status']")).to_be_visible()
    expect(card.locator("td[data-label='Penerima']")).to_be_visible()
    expect(card.locator("td.minor")).to_be_hidden()
    expect(phone.locator("thead th.select-cell")).to_be_visible()
    box = card.bounding_box()
    assert box["width"] <= PHONE["width"]
    save_screenshot(phone, "staff-parcels-phone")


def test_the_menus_stay_on_one_line(phone, make_user, sixty_ready):
    make_user(Role.ADMIN, username="admin")
    for username, password, path in (
        ("rini", PASSWORDS[Role.STAFF], "/staff/documents"),
        ("admin", PASSWORDS[Role.ADMIN], "/admin/audit"),
    ):
        sign_in(phone, username, password)
        phone.goto(path)
        for width in (PHONE["width"], 768, 1024):
            phone.set_viewport_size({"width": width, "height": 800})
            assert phone.evaluate(HEADER_ROWS) <= 2, (username, width)
            assert phone.evaluate(NAV_LINES) == 1, (username, width)
            assert not phone.evaluate(PAGE_SCROLLS_SIDEWAYS), (username, width)
        phone.set_viewport_size(PHONE)
        save_screenshot(phone, f"menu-{username}-phone")
        phone.get_by_role("button", name="Keluar").click()


def test_a_list_of_one_page_offers_no_more(desktop_page, staff_user, make_parcel):
    make_parcel(status=ParcelStatus.DELIVERED)
    sign_in(desktop_page, "rini", PASSWORDS[Role.STAFF])
    desktop_page.goto("/staff/parcels")
    expect(desktop_page.locator("[data-select-matching]")).to_have_count(0)


def test_next_and_previous_pages_on_a_phone(phone, sixty_ready):
    sign_in(phone, "rini", PASSWORDS[Role.STAFF])
    phone.goto("/staff/parcels?status=ready")
    first = phone.locator("tbody tr").first.locator("td .code").inner_text()
    expect(phone.locator("tbody tr")).to_have_count(50)
    phone.get_by_role("link", name="Berikutnya").click()
    expect(phone.locator("tbody tr")).to_have_count(10)
    assert "status=ready" in phone.url and "after=" in phone.url
    assert not phone.evaluate(PAGE_SCROLLS_SIDEWAYS)
    phone.get_by_role("link", name="Sebelumnya").click()
    expect(phone.locator("tbody tr").first.locator("td .code")).to_have_text(first)
    expect(phone.get_by_role("link", name="Sebelumnya")).to_have_count(0)
    save_screenshot(phone, "staff-parcels-pages-phone")
