"""Staff handle parcels that come back; a refused action answers 4xx and changes nothing."""

import sqlalchemy as sa

from delivery.extensions import db
from delivery.models import DeliveryAttempt, ParcelStatus
from tests.conftest import csrf_token


def post_form(client, path, data):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/")})


def test_receive_back_then_collect_at_the_counter(staff_client, make_parcel, clock):
    parcel = make_parcel(status=ParcelStatus.RETURNING, status_changed_at=clock.now)
    received = post_form(
        staff_client, "/staff/returns/receive", {"tracking_code": parcel.tracking_code.lower()}
    )
    assert received.status_code == 302
    collected = post_form(
        staff_client,
        f"/staff/parcels/{parcel.tracking_code}/collect",
        {"receiver_name": "Sri Wahyuni", "id_shown": "KTP-el", "id_last_digits": "0042"},
    )
    assert collected.status_code == 302
    db.session.expire_all()
    assert parcel.status == ParcelStatus.COLLECTED
    attempt = db.session.scalar(sa.select(DeliveryAttempt))
    assert attempt.receiver_name == "Sri Wahyuni" and attempt.note == "KTP-el …0042"


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
