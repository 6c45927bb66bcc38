"""An integrator asks the carrier to collect a dispatched batch, as staff do on its page."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry


def test_the_pickup_of_a_batch_through_the_api(
    client, api_headers, make_ready_parcels, run_jobs, admin
):
    codes = [parcel.tracking_code for parcel in make_ready_parcels(2)]
    batch = client.post("/api/v1/dispatches", json={"parcels": codes}, headers=api_headers).json
    early = client.post(f"/api/v1/dispatches/{batch['id']}/pickup", headers=api_headers)
    assert early.status_code == 409 and early.json["error"]["field"] == "batch"
    run_jobs()
    response = client.post(f"/api/v1/dispatches/{batch['id']}/pickup", headers=api_headers)
    assert response.status_code == 200, response.json
    assert response.json["pickup"].startswith("pku_") and response.json["submitted"] == 2
    assert {shipment["state"] for shipment in admin.shipments()} == {"pickup_requested"}
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="dispatch.pickup"))
    assert entry.actor_label == "rini"


def test_the_pickup_of_an_unknown_batch_is_not_found(client, api_headers):
    response = client.post("/api/v1/dispatches/4242/pickup", headers=api_headers)
    assert response.status_code == 404 and response.json["error"]["field"] == "batch_id"
