"""The carrier's webhook: only signed, fresh, new events are believed and applied."""

import json
import time

import sqlalchemy as sa

from delivery.extensions import db
from delivery.models import CarrierInboxEvent, ParcelStatus, Shipment, ShipmentState
from postal_client import signature_headers
from tests.delivery.dispatch.conftest import WEBHOOK_SECRET

PATH = "/api/v1/carrier/webhook"


def event_body(shipment_id="SHP-1", event_id="EVT-1", code=1010, minutes_ago=0):
    occurred = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - minutes_ago * 60))
    return json.dumps(
        {
            "type": "tracking.events",
            "events": [
                {
                    "event_id": event_id,
                    "shipment_id": shipment_id,
                    "tracking_number": "RR123456785ID",
                    "reference": "AN-TEST-0001",
                    "code": code,
                    "description": "Diterima di loket",
                    "location": "Kantor Pos Gunung Sugih",
                    "occurred_at": occurred,
                }
            ],
        }
    ).encode()


def post(client, body: bytes, secret=WEBHOOK_SECRET, timestamp=None):
    headers = signature_headers(body, secret, int(timestamp or time.time()))
    return client.post(PATH, data=body, headers=headers | {"Content-Type": "application/json"})


def inbox_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CarrierInboxEvent))


def submitted_parcel(make_parcel):
    parcel = make_parcel(status=ParcelStatus.SUBMITTED)
    db.session.add(
        Shipment(
            parcel=parcel,
            idempotency_key="k-1",
            state=ShipmentState.SUBMITTED,
            carrier_shipment_id="SHP-1",
            carrier_tracking_number="RR123456785ID",
        )
    )
    db.session.commit()
    return parcel


def test_a_signed_event_is_remembered_and_applied(client, make_parcel, run_jobs):
    parcel = submitted_parcel(make_parcel)
    response = post(client, event_body())
    assert response.status_code == 202 and response.json["events"] == 1
    run_jobs()
    assert db.session.get(type(parcel), parcel.id).status == ParcelStatus.IN_TRANSIT


def test_a_replayed_event_is_acknowledged_and_ignored(client, make_parcel, run_jobs):
    submitted_parcel(make_parcel)
    assert post(client, event_body()).status_code == 202
    again = post(client, event_body())
    assert again.status_code == 200 and again.json["status"] == "already received"
    assert inbox_count() == 1


def test_a_bad_signature_is_refused_and_changes_nothing(client):
    response = post(client, event_body(), secret="not-the-shared-secret")
    assert response.status_code == 401
    assert response.json["error"]["field"] == "signature"
    assert inbox_count() == 0


def test_a_stale_timestamp_is_refused(client):
    response = post(client, event_body(), timestamp=time.time() - 3600)
    assert response.status_code == 401 and "window" in response.json["error"]["message"]
    assert inbox_count() == 0


def test_a_body_changed_after_signing_is_refused(client):
    body = event_body()
    headers = signature_headers(body, WEBHOOK_SECRET, int(time.time()))
    tampered = body.replace(b"1010", b"3010")
    response = client.post(PATH, data=tampered, headers=headers)
    assert response.status_code == 401 and inbox_count() == 0


def test_a_signed_but_malformed_body_names_the_body(client):
    response = post(client, b'{"events": [{"event_id": 5}]}')
    assert response.status_code == 400 and response.json["error"]["field"] == "body"
    assert inbox_count() == 0


def test_an_event_for_an_unknown_shipment_is_kept_as_such(client, run_jobs):
    assert post(client, event_body(shipment_id="SHP-UNKNOWN")).status_code == 202
    run_jobs()
    inbox = db.session.scalar(sa.select(CarrierInboxEvent))
    assert inbox.processed_at is not None and inbox.outcome == "unknown_shipment"
