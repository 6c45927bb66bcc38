"""The main pages keep working under the security headers: Chromium refuses nothing on them."""

import pytest
from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import DispatchBatch, ParcelStatus, Role, Shipment
from tests.delivery.resident.household import BUDI_BORN, hand_to_post, household_parcel
from tests.e2e.test_courier import sign_in
from tests.e2e.test_tracking import look_up
from tests.factories import PASSWORDS

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP refused ${event.violatedDirective}: ${event.blockedURI}`);
});
"""


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Messages wait on Redis instead of running on threads beside the browser."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def parcel(app, clock, make_parcel, make_document, courier_user):
    """Budi and Sri's parcel, sent in a batch, out on the courier's round."""
    parcel = household_parcel(make_parcel, make_document, clock)
    hand_to_post(parcel, clock)
    batch = DispatchBatch(office_id=parcel.office_id)
    parcel.batch = batch
    db.session.add(Shipment(parcel=parcel, idempotency_key=f"antar-{parcel.id}-1"))
    parcel.courier, parcel.status = courier_user, ParcelStatus.OUT_FOR_DELIVERY
    db.session.commit()
    return parcel


def watched(page) -> list[str]:
    """Keep what went wrong on the page: the policy's refusals, script errors, failed loads."""
    problems: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: keep_error(problems, message))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    return problems


def keep_error(problems: list[str], message) -> None:
    """Keep a console error; a failed load is kept with its address by the response handler
    (Chromium's own favicon request, which pages do not make, is not one of them)."""
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(message.text)


def visit(page, path: str) -> None:
    response = page.goto(path)
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"], path
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    page.wait_for_load_state("networkidle")


def test_resident_pages_refuse_nothing(phone_page, parcel):
    problems = watched(phone_page)
    visit(phone_page, "/")
    look_up(phone_page, parcel.tracking_code, BUDI_BORN)
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Sedang diantar")
    visit(phone_page, f"/p/{parcel.qr_token}")
    assert problems == []


def test_staff_pages_refuse_nothing_and_their_scripts_run(desktop_page, staff_user, parcel):
    problems = watched(desktop_page)
    sign_in(desktop_page, "rini", PASSWORDS[Role.STAFF])
    for path in ("/staff/", "/staff/parcels", "/staff/returns", "/staff/dispatches"):
        visit(desktop_page, path)
    visit(desktop_page, "/staff/documents")
    desktop_page.get_by_label("Pilih semua").first.check()
    boxes = desktop_page.locator("tbody input[type=checkbox]")
    expect(boxes.first).to_be_checked()
    visit(desktop_page, f"/staff/parcels/{parcel.tracking_code}")
    visit(desktop_page, f"/staff/dispatches/{parcel.batch_id}")
    expect(desktop_page.locator("[data-progress-url]")).to_have_count(1)
    assert problems == []


def test_courier_pages_refuse_nothing(phone_page, parcel):
    problems = watched(phone_page)
    sign_in(phone_page, "dedi", PASSWORDS[Role.COURIER])
    for path in ("/courier/", "/courier/scan", f"/courier/parcels/{parcel.tracking_code}"):
        visit(phone_page, path)
    phone_page.get_by_role("button", name="Tidak terantar").click()
    expect(phone_page.locator("#failed-form")).to_be_visible()
    assert problems == []
