"""The carrier's webhook: only signed, fresh, new events are believed and applied."""

import json
import threading
import time

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.dispatch import tasks
from delivery.dispatch.carrier_events import apply_carrier_event, apply_unprocessed_inbox_events
from delivery.dispatch.operations import dispatch_parcels
from delivery.models import (
    CarrierInboxEvent,
    EventSource,
    OutboxEntry,
    ParcelStatus,
    Shipment,
    ShipmentState,
)
from postal_client import TrackingEvent, signature_headers
from tests.delivery.dispatch.conftest import WEBHOOK_SECRET
from tests.delivery.processes import wait_until

PATH = "/api/v1/carrier/webhook"


def carrier_event(shipment_id="SHP-1", event_id="EVT-1", code=1010, minutes_ago=0) -> dict:
    occurred = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - minutes_ago * 60))
    return {
        "event_id": event_id,
        "shipment_id": shipment_id,
        "tracking_number": "RR123456785ID",
        "reference": "AN-TEST-0001",
        "code": code,
        "description": "Diterima di loket",
        "location": "Kantor Pos Gunung Sugih",
        "occurred_at": occurred,
    }


def batch_body(*events: dict) -> bytes:
    return json.dumps({"type": "tracking.events", "events": list(events)}).encode()


def event_body(**event) -> bytes:
    return batch_body(carrier_event(**event))


def post(client, body: bytes, secret=WEBHOOK_SECRET, timestamp=None):
    headers = signature_headers(body, secret, int(timestamp or time.time()))
    return client.post(PATH, data=body, headers=headers | {"Content-Type": "application/json"})


def inbox_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CarrierInboxEvent))


def submitted_parcel(make_parcel, carrier_shipment_id="SHP-1"):
    parcel = make_parcel(status=ParcelStatus.SUBMITTED)
    db.session.add(
        Shipment(
            parcel=parcel,
            idempotency_key=f"k-{carrier_shipment_id}",
            state=ShipmentState.SUBMITTED,
            carrier_shipment_id=carrier_shipment_id,
            carrier_tracking_number="RR123456785ID",
        )
    )
    db.session.commit()
    return parcel


def parcel_status(parcel) -> ParcelStatus:
    db.session.expire_all()
    return db.session.get(type(parcel), parcel.id).status


def test_a_signed_event_is_remembered_and_applied(client, make_parcel, run_jobs):
    parcel = submitted_parcel(make_parcel)
    response = post(client, event_body())
    assert response.status_code == 202 and response.json["events"] == 1
    run_jobs()
    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT


def test_a_replayed_event_is_acknowledged_and_ignored(client, make_parcel, run_jobs):
    submitted_parcel(make_parcel)
    assert post(client, event_body()).status_code == 202
    again = post(client, event_body())
    assert again.status_code == 200 and again.json["status"] == "already received"
    assert inbox_count() == 1


def test_a_batch_repeating_a_seen_event_still_brings_its_new_events(client, make_parcel, run_jobs):
    parcel = submitted_parcel(make_parcel)
    seen = carrier_event(event_id="EVT-1", code=1010, minutes_ago=-1)
    assert post(client, batch_body(seen)).status_code == 202
    out_for_delivery = carrier_event(event_id="EVT-2", code=2010, minutes_ago=-2)
    delivered = carrier_event(event_id="EVT-3", code=3010, minutes_ago=-3)

    response = post(client, batch_body(out_for_delivery, seen, delivered))

    assert response.status_code == 202
    assert response.json == {"status": "accepted", "events": 2, "already_received": 1}
    run_jobs()
    assert parcel_status(parcel) == ParcelStatus.DELIVERED
    assert inbox_count() == 3


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


def test_an_event_for_an_unknown_shipment_waits_for_it(client, make_parcel, run_jobs):
    assert post(client, event_body(shipment_id="SHP-LATE")).status_code == 202
    run_jobs()
    inbox = db.session.scalar(sa.select(CarrierInboxEvent))
    assert inbox.processed_at is None and inbox.outcome == "unknown_shipment"
    assert apply_unprocessed_inbox_events() == 0  # its shipment is still unknown: not tried

    parcel = submitted_parcel(make_parcel, carrier_shipment_id="SHP-LATE")
    assert apply_unprocessed_inbox_events() == 1

    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT
    assert db.session.get(CarrierInboxEvent, inbox.id).outcome == "applied"


@pytest.mark.both_databases
def test_an_event_antar_cannot_read_is_kept_for_staff_and_moves_nothing(
    client, staff_client, make_parcel, run_jobs
):
    parcel = submitted_parcel(make_parcel)
    picked_up = carrier_event(event_id="EVT-1", code=1010, minutes_ago=-1)
    flooded = carrier_event(event_id="EVT-NEW", code=4070, minutes_ago=-2)
    flooded["description"] = "Gagal antar: jalan terendam banjir"

    response = post(client, batch_body(picked_up, flooded))
    run_jobs()

    assert response.status_code == 202 and response.json["events"] == 2
    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT
    kept = db.session.scalar(sa.select(CarrierInboxEvent).filter_by(carrier_event_id="EVT-NEW"))
    assert kept.outcome == "unreadable" and kept.processed_at is not None
    assert apply_unprocessed_inbox_events() == 0
    home = staff_client.get("/staff/").get_data(as_text=True)
    assert "Kode 4070: Gagal antar: jalan terendam banjir" in home
    assert parcel.tracking_code in home


def test_a_polled_event_antar_cannot_read_is_kept_for_staff_once(app, make_parcel):
    parcel = submitted_parcel(make_parcel)
    unknown = as_event(event_id="EVT-NEW", code=7010)

    outcomes = [apply_carrier_event(unknown, EventSource.CARRIER_POLL) for _ in range(2)]
    db.session.commit()

    assert outcomes == ["unreadable", "unreadable"]
    assert parcel_status(parcel) == ParcelStatus.SUBMITTED
    [kept] = db.session.scalars(sa.select(CarrierInboxEvent)).all()
    assert (kept.carrier_event_id, kept.payload["code"]) == ("EVT-NEW", 7010)
    assert kept.outcome == "unreadable" and kept.processed_at is not None


def test_a_submission_whose_answer_was_lost_applies_the_events_that_came_first(
    app, office, staff_user, make_ready_parcels, admin, client, run_jobs
):
    app.config["JOB_RETRY_INTERVALS"] = [3600]  # the retry would come later than this test
    [parcel] = make_ready_parcels(1)
    admin.set_faults(response_lost={"next": app.config["CARRIER_MAX_RETRIES"] + 1})
    dispatch_parcels(office, [parcel], staff_user)
    run_jobs()
    [at_carrier] = admin.shipments()
    assert parcel_status(parcel) == ParcelStatus.READY  # the carrier made it; Antar never heard
    picked_up = carrier_event(shipment_id=at_carrier["id"], event_id="EVT-EARLY", code=1010)
    assert post(client, batch_body(picked_up)).status_code == 202
    run_jobs()
    assert parcel_status(parcel) == ParcelStatus.READY

    shipment = db.session.scalar(sa.select(Shipment))
    entry = db.session.scalar(sa.select(OutboxEntry).filter_by(topic="shipment.submit"))
    tasks.submit_shipments([[shipment.id, entry.id]])  # the job's retry

    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT
    inbox = db.session.scalar(sa.select(CarrierInboxEvent))
    assert inbox.processed_at is not None and inbox.outcome == "applied"
    assert len(admin.shipments()) == 1


def test_two_workers_applying_events_of_one_parcel_take_turns(app, make_parcel):
    parcel = submitted_parcel(make_parcel)
    apply_carrier_event(as_event(code=1010, minutes_ago=-1), EventSource.CARRIER_WEBHOOK)
    db.session.commit()
    first_applied, first_may_commit = threading.Event(), threading.Event()
    outcomes = {}

    def first_worker() -> None:  # out for delivery, committed only when told
        with app.app_context():
            event = as_event(event_id="EVT-OUT", code=2010, minutes_ago=-2)
            outcomes["out"] = apply_carrier_event(event, EventSource.CARRIER_WEBHOOK)
            first_applied.set()
            first_may_commit.wait(timeout=30)
            db.session.commit()

    def second_worker() -> None:  # delivered, while the first has not committed yet
        with app.app_context():
            event = as_event(event_id="EVT-DELIVERED", code=3010, minutes_ago=-3)
            outcomes["delivered"] = apply_carrier_event(event, EventSource.CARRIER_WEBHOOK)
            db.session.commit()

    first = threading.Thread(target=first_worker)
    first.start()
    first_applied.wait(timeout=30)
    second = threading.Thread(target=second_worker)
    second.start()
    wait_until(lambda: waiting_for_a_lock() or not second.is_alive(), 30, "the second worker")
    first_may_commit.set()
    first.join()
    second.join()

    assert outcomes == {"out": "applied", "delivered": "applied"}
    assert parcel_status(parcel) == ParcelStatus.DELIVERED


def as_event(**fields) -> TrackingEvent:
    return TrackingEvent.from_json(carrier_event(**fields))


def waiting_for_a_lock() -> bool:
    db.session.rollback()
    return bool(
        db.session.scalar(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        )
    )
