"""Staff handle parcels that come back; a refused action answers 4xx and changes nothing."""

from datetime import date

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.demo import make_nik
from delivery.models import DeliveryAttempt, ParcelStatus
from delivery.parcels.codes import new_tracking_code
from tests.conftest import csrf_token

SRI_NIK = make_nik("02", date(1992, 8, 21), True, 4321)


def post_form(client, path, data):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/")})


@pytest.fixture
def sris_parcel(make_parcel, make_document, clock):
    """A parcel with Sri's card (her NIK ends in 4321) that has just reached the status."""

    def make(status: ParcelStatus):
        sri = make_document(holder_name="Sri Wahyuni", holder_nik=SRI_NIK)
        return make_parcel(
            [sri], status=status, status_changed_at=clock.now, tracking_code=new_tracking_code()
        )

    return make


def collect(staff_client, parcel, id_last_digits: str):
    return post_form(
        staff_client,
        f"/staff/parcels/{parcel.tracking_code}/collect",
        {"receiver_name": "Sri Wahyuni", "id_shown": "KTP-el", "id_last_digits": id_last_digits},
    )


def test_receive_back_then_collect_at_the_counter(staff_client, sris_parcel):
    parcel = sris_parcel(ParcelStatus.RETURNING)
    received = post_form(
        staff_client, "/staff/returns/receive", {"tracking_code": parcel.tracking_code.lower()}
    )
    assert received.status_code == 302
    assert collect(staff_client, parcel, "4321").status_code == 302
    db.session.expire_all()
    assert parcel.status == ParcelStatus.COLLECTED
    attempt = db.session.scalar(sa.select(DeliveryAttempt))
    assert attempt.receiver_name == "Sri Wahyuni" and attempt.note == "KTP-el …4321"
    page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").get_data(as_text=True)
    collection = page.split('id="collection-heading">')[1].split("</section>")[0]
    assert collection.startswith("Diambil di kantor</h2>")
    assert "Sri Wahyuni" in collection and "kartu identitas di loket (KTP-el …4321)" in collection
    assert "Di alamat penerima" not in page


def test_a_collection_by_someone_whose_id_is_not_a_holders_is_refused(staff_client, sris_parcel):
    parcel = sris_parcel(ParcelStatus.RETURNED)
    response = collect(staff_client, parcel, "1234")
    assert response.status_code == 400
    assert (
        "Angka ini bukan akhir NIK siapa pun yang dokumennya ada di paket ini."
        in response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert parcel.status == ParcelStatus.RETURNED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeliveryAttempt)) == 0


def test_receiving_a_parcel_already_back_says_so(staff_client, sris_parcel):
    parcel = sris_parcel(ParcelStatus.RETURNED)
    again = post_form(
        staff_client, "/staff/returns/receive", {"tracking_code": parcel.tracking_code}
    )
    assert again.status_code == 409
    assert f"Paket {parcel.tracking_code} sudah berstatus “" in again.get_data(as_text=True)


def test_a_collection_with_bad_input_names_the_field_and_changes_nothing(
    staff_client, make_parcel, clock
):
    parcel = make_parcel(status=ParcelStatus.RETURNED, status_changed_at=clock.now)
    response = post_form(
        staff_client,
        f"/staff/parcels/{parcel.tracking_code}/collect",
        {"receiver_name": "Sri Wahyuni", "id_shown": "KTP-el", "id_last_digits": "42"},
    )
    assert response.status_code == 400
    assert "Isi 4 digit terakhir nomor identitas." in response.get_data(as_text=True)
    db.session.expire_all()
    assert parcel.status == ParcelStatus.RETURNED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeliveryAttempt)) == 0


def test_receiving_an_unknown_or_unreturned_parcel_is_refused(staff_client, make_parcel, clock):
    unknown = post_form(staff_client, "/staff/returns/receive", {"tracking_code": "AN-2222-2222"})
    assert unknown.status_code == 404 and "AN-2222-2222" in unknown.get_data(as_text=True)
    parcel = make_parcel(status=ParcelStatus.IN_TRANSIT, status_changed_at=clock.now)
    early = post_form(
        staff_client, "/staff/returns/receive", {"tracking_code": parcel.tracking_code}
    )
    assert early.status_code == 409
    db.session.expire_all()
    assert parcel.status == ParcelStatus.IN_TRANSIT


def test_a_counter_collection_reads_as_collected_at_the_office_everywhere(
    staff_client, courier_client, courier_user, client, sris_parcel
):
    parcel = sris_parcel(ParcelStatus.RETURNED)
    parcel.courier = courier_user  # it was on Dedi's round before it came back
    db.session.commit()
    assert collect(staff_client, parcel, "4321").status_code == 302
    form = {"code": parcel.tracking_code, "day": "21", "month": "8", "year": "1992"}
    resident = client.post("/track", data=form | {"csrf_token": csrf_token(client, "/")})
    page = resident.get_data(as_text=True)
    assert "<dt>Diambil di kantor oleh</dt><dd>Pemilik dokumen" in page
    assert "Diambil di kantor pada" in page and "Diterima oleh" not in page
    answer = client.post(
        "/api/v1/track", json={"code": parcel.tracking_code, "birth_date": "1992-08-21"}
    )
    assert answer.json["received"]["status"] == "collected"
    courier_page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}")
    assert "Diambil di kantor" in courier_page.get_data(as_text=True)
