"""A resident tracks a parcel on a phone: Bahasa Indonesia first, then English; no JavaScript."""

import pytest
from playwright.sync_api import expect

from delivery.models import AttemptReason, ParcelStatus
from tests.delivery.resident.household import BUDI_BORN, hand_to_post, household_parcel, move
from tests.e2e.conftest import PHONE, save_screenshot

INDONESIAN = {"code": "Kode lacak atau nomor permohonan", "submit": "Lacak"}
INDONESIAN_PARTS = ("Tanggal", "Bulan", "Tahun")
ENGLISH = {"code": "Tracking code or application reference", "submit": "Track"}
ENGLISH_PARTS = ("Day", "Month", "Year")


@pytest.fixture
def returned_parcel(app, clock, make_parcel, make_document):
    parcel = household_parcel(make_parcel, make_document, clock)
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY, hours=24)
    move(parcel, clock, ParcelStatus.ATTEMPT_FAILED, reason=AttemptReason.REFUSED)
    move(parcel, clock, ParcelStatus.RETURNING)
    move(parcel, clock, ParcelStatus.RETURNED, hours=24)
    return parcel


@pytest.fixture
def page_without_javascript(chromium, live_server):
    """A phone whose browser runs no JavaScript: the form must work as plain HTML."""
    context = chromium.new_context(
        viewport=PHONE, base_url=live_server, locale="id-ID", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def look_up(page, code: str, born, words=INDONESIAN, parts=INDONESIAN_PARTS) -> None:
    """Fill the form as a resident does, finding every field by its label."""
    page.get_by_label(words["code"]).fill(code)
    for label, value in zip(parts, (born.day, born.month, born.year), strict=True):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_role("button", name=words["submit"], exact=True).click()


def test_resident_tracks_in_indonesian_then_in_english(page_without_javascript, returned_parcel):
    page = page_without_javascript
    page.goto("/")
    look_up(page, returned_parcel.tracking_code.lower(), BUDI_BORN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sudah kembali di kantor")
    expect(page.get_by_text("paling lambat 27 Mei 2026, dan bawa kartu identitas")).to_be_visible()
    expect(page.get_by_text("B*** S******, S** W******")).to_be_visible()
    assert "/track" in page.url and "?" not in page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "tracking-result-phone")

    page.get_by_role("button", name="English").click()
    look_up(page, returned_parcel.tracking_code, BUDI_BORN, ENGLISH, ENGLISH_PARTS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Back at the office")
    expect(page.get_by_text("by May 27, 2026, and bring an ID")).to_be_visible()
    expect(page.get_by_role("heading", name="Failed delivery attempts")).to_be_visible()


def test_a_wrong_birth_date_gets_the_generic_answer(phone_page, returned_parcel):
    phone_page.goto("/")
    look_up(phone_page, returned_parcel.tracking_code, BUDI_BORN.replace(day=18))
    alert = phone_page.get_by_role("alert")
    expect(alert).to_contain_text("Kami tidak menemukan paket untuk kode dan tanggal lahir ini.")
    expect(phone_page.get_by_text("Sudah kembali di kantor")).to_have_count(0)
    expect(phone_page.get_by_label(INDONESIAN["code"])).to_have_value("")


def test_too_many_lookups_show_the_limit_page(request, app_config):
    app_config["RATELIMIT_ENABLED"] = True
    parcel = request.getfixturevalue("returned_parcel")
    page = request.getfixturevalue("phone_page")
    page.goto("/")
    for _ in range(5):
        look_up(page, parcel.tracking_code, BUDI_BORN.replace(year=1991))
        expect(page.get_by_role("alert")).to_contain_text("Kami tidak menemukan paket")
    look_up(page, parcel.tracking_code, BUDI_BORN)
    expect(page.get_by_role("alert")).to_have_text(
        "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi."
    )
    save_screenshot(page, "tracking-too-many-phone")
