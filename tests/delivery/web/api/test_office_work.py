"""Integrators do through the API what staff do at the office: receive returned parcels back,
record a collection at the counter, and pull the parcels changed since a moment."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import DeliveryAttempt, EventSource, ParcelStatus
from delivery.parcels.events import Report, record_event

S = ParcelStatus


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Jobs (the resident's message when a parcel is back) wait on Redis, not on threads."""
    return app_config | {"REDIS_URL": redis_url}


def move(parcel, status, clock, key):
    record_event(parcel, Report(status, clock.now, EventSource.CARRIER_WEBHOOK, key))
    db.session.commit()


def test_returned_parcels_are_received_back_all_or_none(client, api_headers, make_parcel, clock):
    first = make_parcel(status=S.RETURNING, status_changed_at=clock.now)
    second = make_parcel(status=S.RETURNING, status_changed_at=clock.now)
    delivered = make_parcel(status=S.DELIVERED, status_changed_at=clock.now)
    codes = [first.tracking_code, delivered.tracking_code]
    refused = client.post("/api/v1/returns/received", json={"parcels": codes}, headers=api_headers)
    assert (
        refused.status_code == 409 and delivered.tracking_code in refused.json["error"]["message"]
    )
    db.session.expire_all()
    assert first.status == S.RETURNING  # nothing was received
    codes = [first.tracking_code.lower(), second.tracking_code]
    response = client.post("/api/v1/returns/received", json={"parcels": codes}, headers=api_headers)
    assert response.status_code == 200
    assert [parcel["status"] for parcel in response.json["parcels"]] == ["returned", "returned"]
    unknown = client.post(
        "/api/v1/returns/received", json={"parcels": ["AN-0000-0000"]}, headers=api_headers
    )
    assert unknown.status_code == 404 and unknown.json["error"]["field"] == "parcels"


def test_a_collection_at_the_counter(client, api_headers, make_parcel, make_document, clock):
    holder = make_document(holder_name="Sri Wahyuni")
    parcel = make_parcel([holder], status=S.RETURNED, status_changed_at=clock.now)
    path = f"/api/v1/parcels/{parcel.tracking_code}/collection"
    body = {"receiver_name": "Sri Wahyuni", "id_shown": "KTP-el", "id_last_digits": "0000"}
    wrong = client.post(path, json=body, headers=api_headers)
    assert wrong.status_code == 422 and wrong.json["error"]["field"] == "id_last_digits"
    missing = client.post(path, json=body | {"id_shown": ""}, headers=api_headers)
    assert missing.status_code == 422 and missing.json["error"]["field"] == "id_shown"
    right = body | {"id_last_digits": holder.holder_nik[-4:]}
    response = client.post(path, json=right, headers=api_headers)
    assert response.status_code == 201 and response.json["status"] == "collected"
    attempt = db.session.scalar(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id))
    assert attempt.receiver_name == "Sri Wahyuni" and attempt.verified_by == "id_at_counter"
    again = client.post(path, json=right, headers=api_headers)
    assert again.status_code == 409


def test_parcels_changed_since_a_moment_page_by_page(client, api_headers, make_parcel, clock):
    start = clock.now
    old = make_parcel(created_at=start - timedelta(days=2))
    fresh = [make_parcel(created_at=start) for _ in range(3)]
    clock.advance(minutes=10)
    move(old, S.SUBMITTED, clock, "late-old")
    clock.advance(minutes=10)

    def pull(since, limit=2):
        response = client.get(
            "/api/v1/parcels",
            query_string={"changed_since": since, "limit": limit},
            headers=api_headers,
        )
        assert response.status_code == 200, response.json
        return response.json

    first = pull((start - timedelta(seconds=1)).isoformat())
    # the three made at `start` share one moment: a page never cuts a moment in two
    assert [p["tracking_code"] for p in first["parcels"]] == [p.tracking_code for p in fresh]
    assert first["more"] is True
    second = pull(first["next_changed_since"])
    assert [p["tracking_code"] for p in second["parcels"]] == [old.tracking_code]
    assert second["parcels"][0]["status"] == "submitted" and second["more"] is False
    assert pull(second["next_changed_since"])["parcels"] == []


def test_changed_since_names_bad_input(client, api_headers):
    for query, field in (
        ({}, "changed_since"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"changed_since": "2026-05-11T08:00:00"}, "changed_since"),
        ({"changed_since": "0001-01-01T00:00:00+14:00"}, "changed_since"),
        ({"changed_since": "2026-05-11T08:00:00Z", "limit": "0"}, "limit"),
    ):
        response = client.get("/api/v1/parcels", query_string=query, headers=api_headers)
        assert response.status_code == 400 and response.json["error"]["field"] == field
