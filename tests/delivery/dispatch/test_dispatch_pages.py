"""Staff dispatch batches from the parcel list and the API, follow them, and retry failures."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import ApiToken, Parcel, ParcelStatus, Shipment, ShipmentState
from tests.conftest import csrf_token


def post_form(client, path, data, **kwargs):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/")}, **kwargs)


@pytest.mark.both_databases
def test_dispatch_from_the_parcel_list_then_pickup(
    staff_client, make_ready_parcels, run_jobs, admin
):
    parcels = make_ready_parcels(3)
    response = post_form(
        staff_client, "/staff/dispatches", {"tracking_code": [p.tracking_code for p in parcels]}
    )
    assert response.status_code == 302
    batch_url = response.headers["Location"]
    progress = staff_client.get(batch_url + "/progress").json
    assert progress == {"total": 3, "submitted": 0, "failed": 0, "waiting": 3, "finished": False}
    page = staff_client.get(batch_url).get_data(as_text=True)
    assert "hidden data-when-finished" in page

    run_jobs()
    assert staff_client.get(batch_url + "/progress").json["finished"] is True
    page = staff_client.get(batch_url).get_data(as_text=True)
    resi = db.session.scalars(sa.select(Shipment.carrier_tracking_number)).all()
    assert all(number in page for number in resi)
    followed = post_form(staff_client, batch_url + "/pickup", {}, follow_redirects=True)
    assert "Penjemputan" in followed.get_data(as_text=True)
    assert {s["state"] for s in admin.shipments()} == {"pickup_requested"}


@pytest.mark.both_databases
def test_dispatching_a_parcel_twice_is_refused(staff_client, make_ready_parcels):
    parcel = make_ready_parcels(1)[0]
    post_form(staff_client, "/staff/dispatches", {"tracking_code": [parcel.tracking_code]})
    response = post_form(
        staff_client, "/staff/dispatches", {"tracking_code": [parcel.tracking_code]}
    )
    assert response.status_code == 409
    assert f"Paket {parcel.tracking_code} sudah dalam pengiriman" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 1


def test_a_failing_submission_shows_its_error_and_can_be_retried(
    app, staff_client, admin, make_ready_parcels, run_jobs
):
    app.config["SUBMISSION_MAX_ATTEMPTS"] = 1
    parcel = make_ready_parcels(1)[0]
    admin.set_faults(server_error={"rate": 1.0})
    post_form(staff_client, "/staff/dispatches", {"tracking_code": [parcel.tracking_code]})
    run_jobs()
    shipment = db.session.scalar(sa.select(Shipment))
    assert shipment.state == ShipmentState.FAILED
    home = staff_client.get("/staff/").get_data(as_text=True)
    assert "Sistem Pos sedang bermasalah dan tidak menerima paket." in home
    assert parcel.tracking_code in home and "ServerError" not in home  # the detail: admins only

    admin.set_faults()
    retried = post_form(
        staff_client, f"/staff/shipments/{shipment.id}/retry", {}, follow_redirects=True
    )
    assert f"Paket {parcel.tracking_code} dikirim ulang" in retried.get_data(as_text=True)
    run_jobs()
    assert db.session.get(Shipment, shipment.id).state == ShipmentState.SUBMITTED
    assert db.session.get(Parcel, parcel.id).status == ParcelStatus.SUBMITTED
    assert len(admin.shipments()) == 1


def api_headers(user) -> dict:
    token, plain = ApiToken.issue(user, "tests")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_dispatch_through_the_api(client, staff_user, make_ready_parcels, run_jobs):
    headers = api_headers(staff_user)
    codes = [p.tracking_code for p in make_ready_parcels(2)]
    response = client.post("/api/v1/dispatches", json={"parcels": codes}, headers=headers)
    assert response.status_code == 202
    assert response.json | {"created_at": None} == {
        "id": response.json["id"],
        "total": 2,
        "submitted": 0,
        "failed": 0,
        "waiting": 2,
        "pickup": None,
        "created_at": None,
    }
    run_jobs()
    batch = client.get(f"/api/v1/dispatches/{response.json['id']}", headers=headers).json
    assert (batch["submitted"], batch["waiting"]) == (2, 0)


def test_dispatch_api_names_bad_input(client, staff_user, make_ready_parcels):
    headers = api_headers(staff_user)
    assert (
        client.post("/api/v1/dispatches", json={}, headers=headers).json["error"]["field"]
        == "parcels"
    )
    unknown = client.post("/api/v1/dispatches", json={"parcels": ["AN-XXXX-XXXX"]}, headers=headers)
    assert unknown.status_code == 404 and "AN-XXXX-XXXX" in unknown.json["error"]["message"]
    code = make_ready_parcels(1)[0].tracking_code
    client.post("/api/v1/dispatches", json={"parcels": [code]}, headers=headers)
    again = client.post("/api/v1/dispatches", json={"parcels": [code]}, headers=headers)
    assert again.status_code == 409
    assert client.get("/api/v1/dispatches/999", headers=headers).status_code == 404


def test_dispatching_nothing_and_an_early_pickup_are_refused(
    staff_client, make_ready_parcels, admin
):
    empty = post_form(staff_client, "/staff/dispatches", {})
    assert empty.status_code == 400
    assert "Pilih sedikitnya satu paket untuk dikirim." in empty.get_data(as_text=True)
    parcel = make_ready_parcels(1)[0]
    batch_url = post_form(
        staff_client, "/staff/dispatches", {"tracking_code": [parcel.tracking_code]}
    ).headers["Location"]
    early = post_form(staff_client, batch_url + "/pickup", {})  # no job has run yet
    assert early.status_code == 409
    assert "Belum ada kiriman dari batch ini" in early.get_data(as_text=True)
    assert admin.shipments() == []


@pytest.mark.both_databases
def test_a_parcel_sent_again_gets_a_new_shipment_at_the_carrier(
    office, staff_user, make_ready_parcels, run_jobs, admin
):
    from delivery.dispatch.operations import dispatch_parcels
    from delivery.returns.operations import send_again

    parcel = make_ready_parcels(1)[0]
    dispatch_parcels(office, [parcel], staff_user)
    run_jobs()
    parcel = db.session.get(Parcel, parcel.id)
    parcel.status = ParcelStatus.RETURNED  # back at the office after its journey
    db.session.commit()

    send_again(parcel, staff_user)
    dispatch_parcels(office, [parcel], staff_user)
    run_jobs()

    shipments = db.session.scalars(
        sa.select(Shipment).where(Shipment.parcel_id == parcel.id).order_by(Shipment.id)
    ).all()
    assert [s.idempotency_key for s in shipments] == [
        f"antar-{office.code}-{parcel.id}-1",
        f"antar-{office.code}-{parcel.id}-2",
    ]
    assert {s.state for s in shipments} == {ShipmentState.SUBMITTED}
    references = [s["reference"] for s in admin.shipments()]
    assert references == [parcel.tracking_code, parcel.tracking_code]
    assert db.session.get(Parcel, parcel.id).status == ParcelStatus.SUBMITTED


def test_a_parcel_another_dispatch_claimed_meanwhile_fails_the_whole_batch(
    office, staff_user, make_ready_parcels
):
    from delivery.core.errors import Conflict
    from delivery.dispatch.operations import dispatch_parcels
    from delivery.models import DispatchBatch, OutboxEntry

    parcels = make_ready_parcels(2)
    assert [parcel.batch_id for parcel in parcels] == [None, None]  # as this page loaded them
    with db.engine.begin() as other_staff:  # another dispatch, committed in between
        other_batch = other_staff.scalar(
            sa.insert(DispatchBatch).values(office_id=office.id).returning(DispatchBatch.id)
        )
        other_staff.execute(
            sa.update(Parcel).where(Parcel.id == parcels[1].id).values(batch_id=other_batch)
        )

    with pytest.raises(Conflict):
        dispatch_parcels(office, parcels, staff_user)

    assert db.session.get(Parcel, parcels[0].id).batch_id is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEntry)) == 0
