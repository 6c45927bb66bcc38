"""A resident on a phone adds a landmark and chooses the counter; staff and courier see it."""

import pytest
from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import ParcelStatus, Role
from tests.delivery.resident.household import BUDI_BORN, hand_to_post, household_parcel, move
from tests.e2e.conftest import PHONE, save_screenshot
from tests.e2e.test_courier import sign_in
from tests.e2e.test_tracking import look_up
from tests.factories import PASSWORDS

LANDMARK = "pagar biru dekat pos ronda"


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Jobs wait on Redis instead of running on threads beside the browser."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def parcel_on_round(app, clock, make_parcel, make_document, courier_user):
    parcel = household_parcel(make_parcel, make_document, clock)
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT, hours=20)
    parcel.courier = courier_user
    db.session.commit()
    clock.advance(hours=2)
    return parcel


def new_page(chromium, live_server, **options):
    context = chromium.new_context(base_url=live_server, locale="id-ID", **options)
    return context, context.new_page()


def test_resident_chooses_the_counter_and_adds_a_landmark(
    chromium, live_server, parcel_on_round, staff_user
):
    context, resident = new_page(chromium, live_server, viewport=PHONE, is_mobile=True)
    resident.goto("/")
    look_up(resident, parcel_on_round.tracking_code, BUDI_BORN)
    expect(resident.get_by_role("heading", name="Bantu paket Anda sampai di rumah")).to_be_visible()

    directions = resident.locator('details[data-kind="directions"]')
    directions.locator("summary").click()
    directions.get_by_label("Patokan atau petunjuk arah untuk kurir").fill(LANDMARK)
    directions.get_by_role("button", name="Simpan").click()
    expect(resident.get_by_role("status")).to_contain_text("Terima kasih")

    collection = resident.locator('details[data-kind="collection"]')
    collection.locator("summary").click()
    collection.get_by_label("Diambil di loket kantor").check()
    collection.get_by_role("button", name="Simpan").click()
    expect(resident.locator(".track-next")).to_have_text(
        "Sesuai pilihan Anda, Pos membawanya kembali ke kantor. Halaman ini akan memberi tahu "
        "kapan Anda dapat mengambilnya di sana."
    )
    choices = resident.locator(".track-choices")
    expect(choices).to_contain_text("ditambahkan; kurir melihatnya")
    expect(choices).to_contain_text("Diambil di loket kantor")
    expect(resident.get_by_text(LANDMARK)).to_have_count(0)  # no more than the lookup shows
    assert "?" not in resident.url
    save_screenshot(resident, "resident-help-phone")
    context.close()

    context, staff = new_page(chromium, live_server, viewport={"width": 1280, "height": 800})
    sign_in(staff, "rini", PASSWORDS[Role.STAFF])
    staff.goto(f"/staff/parcels/{parcel_on_round.tracking_code}")
    staff_choices = staff.locator(".resident-choices")
    expect(staff_choices).to_contain_text(LANDMARK)
    expect(staff_choices).to_contain_text("Diambil di loket kantor")
    expect(staff.locator("address")).to_contain_text(LANDMARK)
    save_screenshot(staff, "resident-help-staff")
    context.close()

    context, courier = new_page(chromium, live_server, viewport=PHONE, is_mobile=True)
    sign_in(courier, "dedi", PASSWORDS[Role.COURIER])
    card = courier.locator(f'[data-tracking-code="{parcel_on_round.tracking_code}"]')
    expect(card).to_contain_text(LANDMARK)
    card.locator("a.round-link").click()
    expect(courier.locator(".door-resident-note")).to_have_text(
        "Warga mengambilnya di kantor: jangan diantar."
    )
    expect(courier.locator("address")).to_contain_text(LANDMARK)
    save_screenshot(courier, "resident-help-courier")
    context.close()
