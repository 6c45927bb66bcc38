"""An administrator reads why the carrier refused a parcel, and opens the carrier's own words."""

from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import DispatchBatch, Role, Shipment, ShipmentState, SubmissionFailure
from tests.e2e.conftest import save_screenshot
from tests.e2e.test_homes import sign_in
from tests.factories import PASSWORDS

CARRIER_WORDS = (
    "ValidationFailed: the shipment has invalid fields (HTTP 422, validation_failed, "
    "req-7f3a): recipient.address.postal_code: required, 5 digits"
)


def test_the_refusal_in_words_and_the_carriers_detail_behind_a_toggle(
    desktop_page, office, make_user, make_parcel
):
    make_user(Role.ADMIN, username="admin")
    batch = DispatchBatch(office_id=office.id)
    parcel = make_parcel(batch=batch)
    db.session.add(
        Shipment(
            parcel=parcel,
            idempotency_key="refused",
            state=ShipmentState.FAILED,
            failure_kind=SubmissionFailure.REFUSED,
            failure_fields={"recipient.address.postal_code": "missing"},
            last_error=CARRIER_WORDS,
        )
    )
    db.session.commit()

    sign_in(desktop_page, "admin", PASSWORDS[Role.ADMIN])
    desktop_page.goto(f"/staff/dispatches/{batch.id}")
    expect(desktop_page.get_by_text("Pos menolak alamat: kode pos tidak diisi.")).to_be_visible()
    detail = desktop_page.get_by_text(CARRIER_WORDS)
    expect(detail).to_be_hidden()
    desktop_page.get_by_text("Rincian teknis").click()
    expect(detail).to_be_visible()
    nothing_to_hand_over = desktop_page.get_by_text("Pos tidak menerima satu paket pun dari")
    expect(nothing_to_hand_over).to_be_visible()
    manifest = desktop_page.get_by_role("link", name="Berita acara serah terima (PDF)")
    expect(manifest).to_have_count(0)
    expect(desktop_page.get_by_role("button", name="Minta penjemputan oleh Pos")).to_have_count(0)
    save_screenshot(desktop_page, "dispatch-refused-admin")
