"""POST /api/v1/track: the same lookup and protections as the page, as JSON."""

from datetime import date

import pytest

from delivery.core.extensions import db
from delivery.models import AttemptReason, ParcelStatus, ReceiverRelation
from delivery.parcels.codes import new_tracking_code
from tests.delivery.resident.household import (
    BUDI_BORN,
    SRI_BORN,
    deliver,
    hand_to_post,
    household_parcel,
    move,
    secrets_of,
)


@pytest.fixture
def track_json(client):
    def post(code, born, **headers):
        body = {"code": code, "birth_date": born.isoformat() if isinstance(born, date) else born}
        return client.post("/api/v1/track", json=body, headers=headers)

    return post


@pytest.mark.both_databases
def test_resident_tracks_a_parcel_as_json(track_json, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY, hours=24)
    move(parcel, clock, ParcelStatus.ATTEMPT_FAILED, reason=AttemptReason.NOT_AT_HOME)
    response = track_json(parcel.tracking_code.lower(), SRI_BORN, **{"Accept-Language": "en"})
    answer = response.json
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert answer["holders"] == ["B*** S******", "S** W******"]
    assert (answer["village"], answer["district"]) == ("Bandar Jaya Barat", "Terbanggi Besar")
    assert (answer["status"], answer["status_text"]) == (
        "attempt_failed",
        "Delivery attempt failed",
    )
    assert [entry["status"] for entry in answer["timeline"]] == [
        "ready",
        "submitted",
        "out_for_delivery",
        "attempt_failed",
    ]
    assert answer["failed_attempts"] == [
        {
            "occurred_at": "2026-05-12T07:00:00+00:00",
            "reason": "not_at_home",
            "reason_text": "Nobody at home",
        }
    ]
    assert answer["expected_delivery"] == {"from": "2026-05-12", "to": "2026-05-18"}
    assert answer["next_step"]["text"].startswith("The courier will try again.")


@pytest.mark.both_databases
def test_returned_parcel_names_the_counter_and_the_collect_by_date(track_json, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT)
    move(parcel, clock, ParcelStatus.RETURNING)
    move(parcel, clock, ParcelStatus.RETURNED)  # 11 May 19.00 UTC: 12 May in Jakarta
    step = track_json("LTG-2026-SRI01", BUDI_BORN).json["next_step"]
    assert step["collect_by"] == "2026-05-26"
    assert step["counter"] == {
        "office": parcel.office.name,
        "address": "Jl. Raden Intan No. 1, Gunung Sugih Raya, Gunung Sugih, "
        "Kabupaten Lampung Tengah, Lampung 34161",
        "opening_hours": "Senin–Jumat 08.00–15.00",
        "phone": "+62 725 529 100",
    }
    assert "paling lambat 26 Mei 2026" in step["text"]


def test_delivered_parcel_tells_the_relation_of_the_receiver_only(track_json, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY)
    deliver(parcel, clock, ReceiverRelation.VILLAGE_OFFICE)
    response = track_json(parcel.tracking_code, BUDI_BORN)
    assert response.json["received"]["receiver_relation"] == "village_office"
    assert response.json["received"]["receiver_relation_text"] == "kantor desa/kelurahan"
    body = response.get_data(as_text=True)
    assert [secret for secret in secrets_of(parcel) if secret in body] == []
    english = track_json(parcel.tracking_code, BUDI_BORN, **{"Accept-Language": "en"}).json
    assert english["received"]["receiver_relation_text"] == "the village office"


def test_wrong_code_wrong_birth_date_and_cancelled_parcel_answer_byte_for_byte_the_same(
    track_json, parcel, make_parcel, make_document
):
    cancelled = make_parcel(
        [make_document()], tracking_code=new_tracking_code(), status=ParcelStatus.CANCELLED
    )
    answers = [
        track_json(new_tracking_code(), BUDI_BORN),
        track_json(parcel.tracking_code, "1990-05-18"),
        track_json(cancelled.tracking_code, BUDI_BORN),
    ]
    assert {response.status_code for response in answers} == {404}
    assert len({response.get_data() for response in answers}) == 1
    assert answers[0].json["error"]["field"] is None


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"code": "AN-2345-6789", "birth_date": "17-08-1990"}, 422, "birth_date"),
        ({"code": "AN-2345-6789", "birth_date": "1990-02-30"}, 422, "birth_date"),
        ({"code": "AN-2345-6789", "birth_date": 19900817}, 422, "birth_date"),
        ({"code": "AN-2345-6789", "birth_date": "2999-01-01"}, 422, "birth_date"),
        ({"code": "  ", "birth_date": "1990-08-17"}, 422, "code"),
        ({"birth_date": "1990-08-17"}, 422, "code"),
        (["AN-2345-6789", "1990-08-17"], 400, "body"),
    ],
)
def test_malformed_input_is_refused_naming_the_field(client, body, status, field):
    response = client.post("/api/v1/track", json=body)
    assert response.status_code == status
    assert response.json["error"]["field"] == field


def test_a_body_that_is_not_json_is_refused(client):
    response = client.post("/api/v1/track", data="code=AN-2345-6789")
    assert response.status_code == 400 and response.json["error"]["field"] == "body"


def test_the_api_is_described_without_a_token(client):
    described = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/track"]["post"]
    assert "security" not in described
    assert described["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "code",
        "birth_date",
    ]


@pytest.mark.parametrize("status", [s for s in ParcelStatus if s != ParcelStatus.CANCELLED])
def test_every_status_has_words_and_a_next_step_even_without_history(track_json, parcel, status):
    parcel.status = status
    db.session.commit()
    answer = track_json(parcel.tracking_code, BUDI_BORN, **{"Accept-Language": "en"}).json
    assert answer["status_text"] and answer["status_text"] != status.value
    assert len(answer["next_step"]["text"]) > 20


def test_a_late_parcel_and_a_missed_collection_say_to_call_the_office(track_json, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT, hours=24 * 9)
    late = track_json(parcel.tracking_code, BUDI_BORN, **{"Accept-Language": "en"}).json
    assert late["next_step"]["text"].startswith("It should have arrived by May 18, 2026.")
    move(parcel, clock, ParcelStatus.RETURNING)
    move(parcel, clock, ParcelStatus.RETURNED)
    clock.advance(days=15)
    missed = track_json(parcel.tracking_code, BUDI_BORN, **{"Accept-Language": "en"}).json
    assert missed["next_step"]["text"].startswith("The time to collect it ended on")
    assert "+62 725 529 100" in missed["next_step"]["text"]


@pytest.mark.both_databases
def test_the_next_step_says_when_and_to_whom_it_was_handed_over_in_either_language(
    track_json, make_parcel, make_document, clock
):
    delivered, collected = (
        household_parcel(make_parcel, make_document, clock) for _ in ("door", "counter")
    )
    hand_to_post(delivered, clock)
    deliver(delivered, clock, ReceiverRelation.HOUSEHOLD_MEMBER)
    english = track_json(delivered.tracking_code, BUDI_BORN, **{"Accept-Language": "en"}).json
    assert english["next_step"]["text"] == (
        "Delivered on May 11, 2026, 2:00\u202fPM WIB to a member of the household. "
        "If you do not have it, call the office at +62 725 529 100."
    )
    hand_to_post(collected, clock)
    for status in (ParcelStatus.RETURNING, ParcelStatus.RETURNED, ParcelStatus.COLLECTED):
        move(collected, clock, status, hours=12)
    indonesian = track_json(collected.tracking_code, BUDI_BORN).json
    assert indonesian["next_step"]["text"] == (
        "Diambil di kantor pada 12 Mei 2026, 20.00 WIB. Tidak ada lagi yang perlu dilakukan."
    )
