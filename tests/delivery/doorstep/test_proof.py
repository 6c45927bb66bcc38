"""Staff see the proof of a delivery on the parcel page; the images only for their own office."""

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import DeliveryAttempt, Role
from tests.delivery.doorstep.conftest import jpeg_photo, signature_png
from tests.factories import PASSWORDS, signed_in_client


def delivered_parcel(household_parcel, phone):
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    db.session.commit()
    assert phone.deliver(parcel, code).status_code == 201
    return parcel


def test_staff_parcel_page_shows_the_delivery_and_its_proof(staff_client, household_parcel, phone):
    parcel = delivered_parcel(household_parcel, phone)
    page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").get_data(as_text=True)
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "<strong>Diterima</strong>" in timeline and "Kurir" in timeline
    visits = page.split('id="visits-heading"')[1]
    assert "Sri Wahyuni (Anggota keluarga serumah)" in visits
    assert "diperiksa dengan kode sekali pakai" in visits
    assert "-4.96310, 105.21170" in visits and "± 12 m" in visits
    visit_id = visits.split("/visits/")[1].split("/")[0]
    photo = staff_client.get(f"/staff/parcels/{parcel.tracking_code}/visits/{visit_id}/photo")
    assert (photo.status_code, photo.mimetype, photo.data) == (200, "image/jpeg", jpeg_photo())
    assert photo.headers["Cache-Control"] == "private, no-store"
    signature = staff_client.get(
        f"/staff/parcels/{parcel.tracking_code}/visits/{visit_id}/signature"
    )
    assert (signature.mimetype, signature.data) == ("image/png", signature_png())


def test_proof_images_stay_in_their_office(
    app, client, courier_client, household_parcel, phone, make_office, make_user
):
    parcel = delivered_parcel(household_parcel, phone)
    [visit_id] = [attempt.id for attempt in parcel_attempts(parcel)]
    url = f"/staff/parcels/{parcel.tracking_code}/visits/{visit_id}/photo"
    elsewhere = make_user(Role.STAFF, office=make_office())
    other_staff = signed_in_client(app, elsewhere, PASSWORDS[Role.STAFF])
    assert other_staff.get(url).status_code == 404
    assert courier_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the sign-in page


def parcel_attempts(parcel):
    return db.session.scalars(db.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)).all()
