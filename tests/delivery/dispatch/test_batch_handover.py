"""The batch page says in plain words why the carrier did not take a parcel, and hands over only
the parcels it accepted: the manifest lists them, the pickup asks for them."""

import socket

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Parcel, ParcelStatus, Shipment, ShipmentState
from delivery.returns.operations import send_again
from tests.conftest import csrf_token
from tests.delivery.printing.test_printing import pdf_text


def post_form(client, path, data=None, **kwargs):
    token = csrf_token(client, "/staff/")
    return client.post(path, data=(data or {}) | {"csrf_token": token}, **kwargs)


def dispatch(client, parcels: list[Parcel]) -> str:
    """Dispatch the parcels from the parcel list; return the batch page's path."""
    codes = [parcel.tracking_code for parcel in parcels]
    return post_form(client, "/staff/dispatches", {"tracking_code": codes}).headers["Location"]


def test_a_refused_address_is_said_in_words_and_left_out_of_the_handover(
    staff_client, admin_client, make_ready_parcels, run_jobs, admin
):
    accepted, refused = make_ready_parcels(2)
    refused.postal_code = ""  # the carrier needs one
    db.session.commit()
    batch_path = dispatch(staff_client, [accepted, refused])
    run_jobs()

    page = staff_client.get(batch_path).get_data(as_text=True)
    assert "Pos menolak alamat: kode pos tidak diisi." in page
    assert "Rincian teknis" not in page and "ValidationFailed" not in page
    assert "1 paket yang tidak diterima Pos tidak masuk manifes maupun penjemputan." in page
    assert "Minta penjemputan oleh Pos" in page
    admin_page = admin_client.get(batch_path).get_data(as_text=True)
    assert "Pos menolak alamat: kode pos tidak diisi." in admin_page
    assert "<summary>Rincian teknis</summary>" in admin_page
    assert "ValidationFailed" in admin_page and "recipient.address.postal_code" in admin_page

    manifest = pdf_text(staff_client.get(batch_path + "/manifest.pdf").data)
    assert accepted.tracking_code in manifest and refused.tracking_code not in manifest
    assert post_form(staff_client, batch_path + "/pickup").status_code == 302
    assert [s["reference"] for s in admin.shipments()] == [accepted.tracking_code]
    assert {s["state"] for s in admin.shipments()} == {"pickup_requested"}


def test_a_carrier_out_of_reach_offers_no_manifest_and_no_pickup(
    app, staff_client, make_ready_parcels, run_jobs
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        app.config["CARRIER_URL"] = f"http://127.0.0.1:{probe.getsockname()[1]}"
    app.config["SUBMISSION_MAX_ATTEMPTS"] = 1
    batch_path = dispatch(staff_client, make_ready_parcels(2))
    run_jobs()

    page = staff_client.get(batch_path).get_data(as_text=True)
    assert page.count("Pos tidak dapat dihubungi.") == 2
    assert "Pos tidak menerima satu paket pun dari kiriman ini" in page
    assert "manifest.pdf" not in page and "Minta penjemputan oleh Pos" not in page
    assert staff_client.get(batch_path + "/manifest.pdf").status_code == 409
    home = staff_client.get("/staff/").get_data(as_text=True)
    assert "Pos tidak dapat dihubungi." in home and "ConnectionFailed" not in home


def test_a_batch_of_a_parcel_sent_again_hands_over_only_its_new_shipment(
    office, staff_user, staff_client, make_ready_parcels, run_jobs, admin
):
    parcel = make_ready_parcels(1)[0]
    first_batch = dispatch(staff_client, [parcel])
    run_jobs()
    post_form(staff_client, first_batch + "/pickup")
    parcel = db.session.get(Parcel, parcel.id)
    parcel.status = ParcelStatus.RETURNED  # back at the office after its journey
    db.session.commit()
    send_again(parcel, staff_user)

    second_batch = dispatch(staff_client, [parcel])
    run_jobs()
    progress = staff_client.get(second_batch + "/progress").json
    assert (progress["total"], progress["submitted"]) == (1, 1)
    followed = post_form(staff_client, second_batch + "/pickup", follow_redirects=True)
    assert "Penjemputan" in followed.get_data(as_text=True)
    newest = db.session.scalars(sa.select(Shipment).order_by(Shipment.id)).all()[-1]
    assert newest.state == ShipmentState.SUBMITTED
    picked_up = {s["id"]: s["state"] for s in admin.shipments()}
    assert picked_up[newest.carrier_shipment_id] == "pickup_requested"


def test_credentials_the_carrier_refuses_are_said_as_work_for_an_administrator(
    app, staff_client, make_ready_parcels, run_jobs
):
    app.config["CARRIER_CLIENT_SECRET"] = "not-the-office-secret"
    batch_path = dispatch(staff_client, make_ready_parcels(1))
    run_jobs()
    page = staff_client.get(batch_path).get_data(as_text=True)
    assert (
        "Pos tidak menerima akses masuk kantor. Administrator perlu memeriksa pengaturan "
        "layanan Pos."
    ) in page
    assert "AuthenticationError" not in page
