"""The courier's doorstep follows the office's rule in force: a representative with a signed
letter, a delivery fee, the old ID card taken back; the staff see what was recorded."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import DeliveryAttempt, DocumentType, ReceiverPolicy
from tests.delivery.doorstep.conftest import jpeg_photo


def out_with_code(household_parcel):
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    db.session.commit()
    return parcel, code


def set_rule(office, **rule):
    for name, value in rule.items():
        setattr(office, name, value)
    db.session.commit()


def the_attempt(parcel) -> DeliveryAttempt:
    db.session.expire_all()
    return db.session.scalar(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id))


def test_the_doorstep_page_says_what_the_rule_asks(courier_client, household_parcel, office):
    parcel = household_parcel()
    plain = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").text
    assert 'value="representative"' not in plain and 'name="fee_received"' not in plain
    set_rule(office, representative_with_letter=True, delivery_fee=15000, takes_back_old_card=True)
    page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").text
    assert 'value="representative"' in page and 'name="letter_photo"' in page
    assert "Pungut biaya antar Rp15.000 dan catat jumlah yang diterima." in page
    assert 'name="fee_received"' in page
    assert "Tarik KTP lama pemilik sebelum menyerahkan yang baru." in page  # Budi's KTP-el


def test_no_old_card_is_asked_for_a_parcel_without_an_id_card(
    courier_client, household_parcel, office
):
    set_rule(office, takes_back_old_card=True)
    parcel = household_parcel()
    for document in parcel.documents:
        document.document_type = DocumentType.KK
    db.session.commit()
    page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").text
    assert 'name="old_card_taken_back"' not in page


def test_a_representative_needs_the_photo_of_the_letter(phone, household_parcel, office):
    set_rule(office, receiver_policy=ReceiverPolicy.HOLDER_ONLY, representative_with_letter=True)
    parcel, code = out_with_code(household_parcel)
    refused = phone.deliver(parcel, code, relation="representative", receiver_name="Pak Lurah")
    assert refused.status_code == 422 and refused.json["error"]["field"] == "letter_photo"
    letter = jpeg_photo((640, 900))
    delivered = phone.deliver(
        parcel, code, relation="representative", receiver_name="Ahmad Wakil", letter_photo=letter
    )
    assert delivered.status_code == 201, delivered.json
    attempt = the_attempt(parcel)
    assert attempt.receiver_name == "Ahmad Wakil"
    assert attempt.receiver_relation.value == "representative"
    assert attempt.letter_photo == letter and attempt.letter_photo_content_type == "image/jpeg"


def test_a_representative_is_refused_where_the_rule_has_none(phone, household_parcel):
    parcel, code = out_with_code(household_parcel)
    refused = phone.deliver(parcel, code, relation="representative", letter_photo=jpeg_photo())
    assert refused.status_code == 422 and refused.json["error"]["field"] == "relation"


def test_the_fee_received_is_recorded_and_counted(phone, household_parcel, office, staff_client):
    set_rule(office, delivery_fee=15000)
    parcel, code = out_with_code(household_parcel)
    refused = phone.deliver(parcel, code)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "fee_received"
    assert phone.deliver(parcel, code, fee_received="Rp 10.000").status_code == 201
    assert the_attempt(parcel).fee_received == 10000
    home = staff_client.get("/staff/").text
    assert 'data-testid="fees-total">Rp10.000<' in home
    assert "Dibayar kurang dari Rp15.000" in home
    proof = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").text
    assert "Biaya antar diterima: Rp10.000" in proof


def test_the_old_card_must_be_ticked(phone, household_parcel, office, staff_client):
    set_rule(office, takes_back_old_card=True)
    parcel, code = out_with_code(household_parcel)
    refused = phone.deliver(parcel, code)
    assert refused.status_code == 422
    assert refused.json["error"]["field"] == "old_card_taken_back"
    assert phone.deliver(parcel, code, old_card_taken_back="1").status_code == 201
    assert the_attempt(parcel).old_card_taken_back is True
    proof = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").text
    assert "KTP lama sudah ditarik" in proof


def test_staff_see_the_letter_of_a_representative(phone, household_parcel, office, staff_client):
    set_rule(office, representative_with_letter=True)
    parcel, code = out_with_code(household_parcel)
    letter = jpeg_photo((500, 700))
    phone.deliver(parcel, code, relation="representative", letter_photo=letter)
    attempt = the_attempt(parcel)
    path = f"/staff/parcels/{parcel.tracking_code}/visits/{attempt.id}/letter"
    assert path in staff_client.get(f"/staff/parcels/{parcel.tracking_code}").text
    response = staff_client.get(path)
    assert response.status_code == 200 and response.data == letter
    assert response.headers["Cache-Control"] == "private, no-store"
