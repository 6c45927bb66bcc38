"""At the door on a phone, the office's rule in force: a representative shows a signed letter,
the courier collects the fee and takes back the old ID card."""

from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.models import ReceiverPolicy
from tests.e2e import test_courier
from tests.e2e.conftest import save_screenshot
from tests.e2e.test_courier import attempts_of, jpeg, sign_in_courier, sign_on_screen, with_code

app_config = test_courier.app_config
door_phone = test_courier.door_phone
household_parcel = test_courier.household_parcel


def test_a_representative_with_a_letter_pays_the_fee_and_hands_back_the_old_card(
    door_phone, household_parcel, office
):
    office.receiver_policy = ReceiverPolicy.HOLDER_ONLY
    office.representative_with_letter = True
    office.delivery_fee = 15000
    office.takes_back_old_card = True
    db.session.commit()
    parcel = household_parcel()
    code = with_code(parcel)
    page = door_phone
    sign_in_courier(page)
    page.goto(f"/courier/parcels/{parcel.tracking_code}")
    rule = page.locator(".door-rule")
    expect(rule).to_contain_text("Pungut biaya antar Rp15.000")
    expect(rule).to_contain_text("Tarik KTP lama pemilik")

    page.get_by_role("button", name="Diterima", exact=True).click()
    letter = page.get_by_label("Foto surat kuasa yang ditandatangani pemilik")
    expect(letter).to_be_hidden()
    page.get_by_label("Nama penerima").fill("Ahmad Wakil")
    page.get_by_label("Wakil dengan surat kuasa bertanda tangan").check()
    expect(letter).to_be_visible()
    page.get_by_label("Kode sekali pakai (6 angka)").fill(code)
    page.get_by_label("Foto serah terima").set_input_files(
        files=[{"name": "serah-terima.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    sign_on_screen(page)
    page.get_by_role("button", name="Catat pengantaran").click()
    form = page.locator("#delivered-form")
    expect(form.locator("[data-error-for=letter_photo]")).to_have_text(
        "Foto surat kuasa bertanda tangan yang dibawa wakil."
    )
    expect(form.locator("[data-error-for=fee_received]")).to_be_visible()
    expect(form.locator("[data-error-for=old_card_taken_back]")).to_be_visible()

    letter.set_input_files(
        files=[{"name": "surat.jpg", "mimeType": "image/jpeg", "buffer": jpeg((1600, 2200))}]
    )
    page.get_by_label("Jumlah yang diterima (biayanya Rp15.000)").fill("15.000")
    page.get_by_label("Saya sudah menarik KTP lama pemilik").check()
    page.get_by_role("button", name="Catat pengantaran").click()
    expect(page.locator("[data-door-done]")).to_have_text(
        f"Pengantaran {parcel.tracking_code} tercatat."
    )
    save_screenshot(page, "doorstep-representative")
    [attempt] = attempts_of(parcel)
    assert attempt.receiver_relation.value == "representative"
    assert attempt.receiver_name == "Ahmad Wakil"
    assert attempt.letter_photo and attempt.letter_photo_content_type == "image/jpeg"
    assert attempt.fee_received == 15000 and attempt.old_card_taken_back is True
