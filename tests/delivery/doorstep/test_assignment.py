"""Parcels reach a round: staff assign them in bulk, or the courier scans one to take it."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import EventSource, ParcelStatus, Role, TrackingEvent
from tests.conftest import csrf_token
from tests.delivery.doorstep.conftest import Phone
from tests.factories import PASSWORDS, signed_in_client

S = ParcelStatus


def assign(staff_client, parcels, courier_id):
    return staff_client.post(
        "/staff/parcels/assign",
        data={
            "csrf_token": csrf_token(staff_client, "/staff/parcels"),
            "tracking_code": [parcel.tracking_code for parcel in parcels],
            "courier_id": str(courier_id),
        },
        follow_redirects=True,
    )


def events_of(parcel):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(TrackingEvent).filter_by(parcel_id=parcel.id).order_by(TrackingEvent.id)
    ).all()


def test_staff_assign_selected_parcels_to_a_courier(
    staff_client, courier_client, courier_user, household_parcel
):
    in_transit = household_parcel(status=S.IN_TRANSIT, courier=None)
    retry = household_parcel(status=S.ATTEMPT_FAILED, courier=None)
    submitted = household_parcel(status=S.SUBMITTED, courier=None, village="Yukum Jaya")
    page = assign(staff_client, [in_transit, retry, submitted], courier_user.id)
    assert "3 paket masuk rute Petugas Courier." in page.get_data(as_text=True)
    db.session.expire_all()
    assert [parcel.courier_id for parcel in (in_transit, retry, submitted)] == [courier_user.id] * 3
    assert (in_transit.status, retry.status, submitted.status) == (
        S.OUT_FOR_DELIVERY, S.OUT_FOR_DELIVERY, S.SUBMITTED
    )  # fmt: skip
    [sent_out] = events_of(in_transit)
    assert (sent_out.status, sent_out.source) == (S.OUT_FOR_DELIVERY, EventSource.STAFF)
    round_page = courier_client.get("/courier/").get_data(as_text=True)
    assert "3 paket untuk diantar" in round_page and "Yukum Jaya" in round_page


def test_staff_assignment_is_all_or_nothing(staff_client, courier_user, household_parcel):
    fine = household_parcel(status=S.IN_TRANSIT, courier=None)
    delivered = household_parcel(status=S.DELIVERED, courier=None)
    page = assign(staff_client, [fine, delivered], courier_user.id).get_data(as_text=True)
    assert f"Paket {delivered.tracking_code} tidak dapat masuk rute sekarang" in page
    db.session.expire_all()
    assert fine.courier_id is None and fine.status == S.IN_TRANSIT
    assert events_of(fine) == []


def test_staff_can_only_assign_their_offices_couriers(
    staff_client, household_parcel, make_user, make_office
):
    parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
    stranger = make_user(Role.COURIER, office=make_office())
    clerk = make_user(Role.STAFF)
    for someone in (stranger, clerk):
        page = assign(staff_client, [parcel], someone.id).get_data(as_text=True)
        assert "Pilih kurir dari kantor ini." in page
    db.session.expire_all()
    assert parcel.courier_id is None


def test_the_parcel_list_offers_the_offices_couriers(
    staff_client, courier_user, make_user, make_office
):
    make_user(Role.COURIER, username="jauh", office=make_office())
    page = staff_client.get("/staff/parcels").get_data(as_text=True)
    select = page.split('name="courier_id"')[1].split("</select>")[0]
    assert f'value="{courier_user.id}"' in select and select.count("<option") == 1
    assert "Tugaskan ke kurir" in page


def test_courier_takes_a_scanned_parcel_onto_the_round(phone, courier_user, household_parcel):
    parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
    phone_time = phone.phone_time(minutes_ago=5)
    taken = phone.take(parcel, client_event_id="take-0001-phone", occurred_at=phone_time)
    assert taken.status_code == 201
    assert taken.json["message"] == f"{parcel.tracking_code} sekarang ada di rute Anda."
    again = phone.take(parcel, client_event_id="take-0001-phone", occurred_at=phone_time)
    assert again.status_code == 200
    [sent_out] = events_of(parcel)
    assert (sent_out.status, sent_out.source, sent_out.actor_id) == (
        S.OUT_FOR_DELIVERY, EventSource.COURIER, courier_user.id
    )  # fmt: skip
    assert sent_out.occurred_at.isoformat() == phone_time
    assert parcel.courier_id == courier_user.id
    page = phone.client.get(f"/courier/parcels/{parcel.tracking_code}").get_data(as_text=True)
    assert "Budi Santoso" in page and 'name="receiver_name"' in page


def test_a_parcel_on_another_round_cannot_be_taken(app, household_parcel, make_user, clock):
    colleague = make_user(Role.COURIER, username="wati")
    parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
    wati = Phone(signed_in_client(app, colleague, PASSWORDS[Role.COURIER]), clock)
    assert wati.take(parcel).status_code == 201
    dedi = Phone(signed_in_client(app, make_user(Role.COURIER), PASSWORDS[Role.COURIER]), clock)
    refused = dedi.take(parcel)
    assert refused.status_code == 409
    assert refused.json["error"]["message"] == (
        "Paket ini ada di rute kurir lain. Tanyakan ke kantor."
    )
    db.session.expire_all()
    assert parcel.courier_id == colleague.id


def test_a_delivered_parcel_cannot_be_taken(phone, household_parcel):
    parcel = household_parcel(status=S.DELIVERED, courier=None)
    response = phone.take(parcel)
    assert response.status_code == 409
    assert "tidak dapat masuk rute sekarang" in response.json["error"]["message"]
