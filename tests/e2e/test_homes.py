"""Staff, couriers and residents reach their homes in a real browser, on a phone and a desktop."""

from playwright.sync_api import expect

from delivery.models import Role
from tests.e2e.conftest import save_screenshot
from tests.factories import PASSWORDS


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_staff_signs_in_on_a_desktop_and_sees_the_office(desktop_page, staff_user):
    sign_in(desktop_page, "rini", PASSWORDS[Role.STAFF])
    expect(desktop_page).to_have_url(desktop_page.url.split("/staff")[0] + "/staff/")
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text(staff_user.office.name)
    expect(desktop_page.get_by_role("heading", name="Paket")).to_be_visible()
    save_screenshot(desktop_page, "staff-home-desktop")


def test_courier_signs_in_on_a_phone_and_sees_the_round(phone_page, courier_user):
    sign_in(phone_page, "dedi", PASSWORDS[Role.COURIER])
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Rute saya")
    no_horizontal_scroll = phone_page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert no_horizontal_scroll
    save_screenshot(phone_page, "courier-home-phone")


def test_resident_sees_tracking_home_and_switches_to_english(phone_page):
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Di mana dokumen saya?")
    phone_page.get_by_role("button", name="English").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Where is my document?")
    save_screenshot(phone_page, "tracking-home-phone")


def test_wrong_password_shows_the_message(phone_page, staff_user):
    sign_in(phone_page, "rini", "salah-sandi")
    expect(phone_page.get_by_role("alert")).to_have_text("Nama pengguna atau kata sandi salah.")
