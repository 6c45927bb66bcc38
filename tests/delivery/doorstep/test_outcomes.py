"""Recording at the door: a delivery with proof after checking the receiver, or a failed attempt."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import (
    DeliveryAttempt,
    EventSource,
    ParcelStatus,
    ReceiverPolicy,
    TrackingEvent,
    VerificationMethod,
)
from tests.delivery.doorstep.conftest import jpeg_photo, signature_png

S = ParcelStatus


@pytest.fixture
def parcel_with_code(household_parcel):
    """A parcel out for delivery whose resident was sent the code 123456... or another one."""
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    db.session.commit()
    return parcel, code


def attempts(parcel) -> list[DeliveryAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)))


def events(parcel) -> list[TrackingEvent]:
    return list(
        db.session.scalars(
            sa.select(TrackingEvent)
            .filter_by(parcel_id=parcel.id)
            .order_by(TrackingEvent.occurred_at, TrackingEvent.id)
        )
    )


def test_delivery_with_the_one_time_code_keeps_the_proof(phone, parcel_with_code, clock):
    parcel, code = parcel_with_code
    phone_time = phone.phone_time(minutes_ago=20)
    response = phone.deliver(parcel, code, occurred_at=phone_time)
    assert response.status_code == 201, response.json
    assert response.json["message"] == f"Pengantaran {parcel.tracking_code} tercatat."
    [attempt] = attempts(parcel)
    assert attempt.delivered and attempt.receiver_name == "Sri Wahyuni"
    assert attempt.receiver_relation.value == "household_member"
    assert attempt.verified_by == "one_time_code"
    assert attempt.photo == jpeg_photo() and attempt.photo_content_type == "image/jpeg"
    assert attempt.signature_png == signature_png()
    assert (attempt.latitude, attempt.longitude, attempt.position_accuracy_m) == (
        -4.9631,
        105.2117,
        12.5,
    )
    assert attempt.occurred_at == datetime.fromisoformat(phone_time)
    assert parcel.status == S.DELIVERED and parcel.one_time_code_hash is None
    delivered = events(parcel)[-1]
    assert (delivered.status, delivered.source) == (S.DELIVERED, EventSource.COURIER)
    assert delivered.occurred_at == datetime.fromisoformat(phone_time)
    assert delivered.dedupe_key == f"courier:{attempt.client_event_id}"


def test_delivery_with_the_nik_digits_of_any_holder(phone, household_parcel, office):
    office.verification_method = VerificationMethod.NIK_LAST_DIGITS
    db.session.commit()
    parcel = household_parcel()
    wrong = phone.deliver(parcel, "9999")
    assert wrong.status_code == 422 and wrong.json["error"]["field"] == "code"
    response = phone.deliver(parcel, "4321")  # Sri's NIK ends in 4321
    assert response.status_code == 201
    [attempt] = attempts(parcel)
    assert attempt.verified_by == "nik_last_digits"
    assert parcel.status == S.DELIVERED


def test_wrong_codes_lock_the_parcel_and_staff_see_it(
    phone, parcel_with_code, staff_client, courier_client
):
    parcel, code = parcel_with_code
    wrong = "000000" if code != "000000" else "111111"
    messages = [phone.deliver(parcel, wrong).json["error"]["message"] for _ in range(4)]
    assert messages[0] == "Kode salah. Sisa 4 percobaan sebelum paket dikunci."
    assert messages[3] == "Kode salah. Sisa 1 percobaan sebelum paket dikunci."
    fifth = phone.deliver(parcel, wrong)
    assert fifth.status_code == 423
    assert "dikunci karena terlalu banyak kode salah" in fifth.json["error"]["message"]
    assert phone.deliver(parcel, code).status_code == 423
    db.session.expire_all()
    assert parcel.locked_at is not None and parcel.status == S.OUT_FOR_DELIVERY
    assert attempts(parcel) == []

    dashboard = staff_client.get("/staff/").get_data(as_text=True)
    locked_section = dashboard.split('id="locked-heading"')[1]
    assert "(1)" in locked_section.split("</h2>")[0]
    assert parcel.tracking_code in locked_section
    door_page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}")
    assert "Paket ini dikunci" in door_page.get_data(as_text=True)

    staff_client.post(
        f"/staff/parcels/{parcel.tracking_code}/unlock",
        data={"csrf_token": csrf_of(staff_client, f"/staff/parcels/{parcel.tracking_code}")},
    )
    assert phone.deliver(parcel, code).status_code == 201


def csrf_of(client, path):
    from tests.conftest import csrf_token

    return csrf_token(client, path)


def test_the_same_wrong_code_sent_twice_counts_once(phone, parcel_with_code):
    parcel, code = parcel_with_code
    wrong = "000000" if code != "000000" else "111111"
    first = phone.deliver(parcel, wrong, client_event_id="phone-event-0001")
    again = phone.deliver(parcel, wrong, client_event_id="phone-event-0001")
    assert first.json == again.json
    db.session.expire_all()
    assert parcel.verification_failures == 1


def test_a_receiver_the_rule_does_not_allow_is_refused(phone, household_parcel, office):
    office.receiver_policy = ReceiverPolicy.HOLDER_ONLY
    db.session.commit()
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    db.session.commit()
    response = phone.deliver(parcel, code, relation="household_member")
    assert response.status_code == 422
    assert response.json["error"] == {
        "code": "invalid",
        "field": "relation",
        "message": "Aturan kantor tidak mengizinkan penerima ini.",
    }
    assert attempts(parcel) == [] and parcel.status == S.OUT_FOR_DELIVERY
    assert parcel.verification_failures == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"receiver_name": ""}, "receiver_name"),
        ({"relation": "neighbour"}, "relation"),
        ({"photo": b"this is not a JPEG"}, "photo"),
        ({"photo": None}, "photo"),
        ({"signature": signature_png(drawn=False)}, "signature"),
        ({"signature": jpeg_photo()}, "signature"),
        ({"code": "12ab"}, "code"),
        ({"latitude": "-95.2"}, "position"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"client_event_id": ""}, "client_event_id"),
    ],
)
def test_bad_delivery_input_names_the_field_and_writes_nothing(
    phone, parcel_with_code, overrides, field
):
    parcel, code = parcel_with_code
    response = phone.deliver(parcel, **({"code": code} | overrides))
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]
    assert attempts(parcel) == [] and parcel.status == S.OUT_FOR_DELIVERY
    assert parcel.one_time_code_hash is not None


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        (timedelta(minutes=10), "Waktu ponsel berada di masa depan. Periksa jam ponsel."),
        (timedelta(days=-8), "Catatan ini lebih dari 7 hari dan tidak dapat diterima."),
    ],
)
def test_the_phone_time_must_be_plausible(phone, parcel_with_code, clock, shift, message):
    parcel, code = parcel_with_code
    response = phone.deliver(parcel, code, occurred_at=(clock.now + shift).isoformat())
    assert response.status_code == 422
    assert response.json["error"]["field"] == "occurred_at"
    assert response.json["error"]["message"] == message
    assert attempts(parcel) == []


def test_an_unknown_reason_is_refused(phone, household_parcel):
    parcel = household_parcel()
    response = phone.fail(parcel, reason="lost")
    assert response.status_code == 422 and response.json["error"]["field"] == "reason"
    assert attempts(parcel) == [] and parcel.status == S.OUT_FOR_DELIVERY


def test_failed_attempts_follow_the_office_limit_then_return(phone, household_parcel, clock):
    parcel = household_parcel()
    answers = []
    for _ in range(3):
        answers.append(phone.fail(parcel, photo=jpeg_photo()))
        clock.advance(hours=24)
    assert [answer.status_code for answer in answers] == [201, 201, 201]
    assert answers[0].json["status"] == "attempt_failed"
    assert answers[2].json["status"] == "returning"
    assert answers[2].json["message"].endswith("Paket dikembalikan ke kantor.")
    visits = attempts(parcel)
    assert [visit.reason.value for visit in visits] == ["not_at_home"] * 3
    assert all(visit.photo and visit.note for visit in visits)
    assert [event.status for event in events(parcel)] == [
        S.ATTEMPT_FAILED, S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED,
        S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.RETURNING,
    ]  # fmt: skip
    assert parcel.status == S.RETURNING


def test_a_refusal_starts_the_return_at_once(phone, household_parcel):
    parcel = household_parcel()
    response = phone.fail(parcel, reason="refused")
    assert response.json["status"] == "returning"


def test_the_same_event_sent_twice_is_recorded_once(phone, parcel_with_code):
    parcel, code = parcel_with_code
    first = phone.deliver(parcel, code, client_event_id="0f7e2c1a-phone-uuid")
    again = phone.deliver(parcel, code, client_event_id="0f7e2c1a-phone-uuid")
    assert (first.status_code, again.status_code) == (201, 200)
    assert (
        again.json["message"] == f"{parcel.tracking_code}: catatan ini sudah diterima sebelumnya."
    )
    assert len(attempts(parcel)) == 1
    assert [event.status for event in events(parcel)] == [S.DELIVERED]


def test_a_failed_attempt_sent_from_a_second_phone_is_the_same_visit(
    phone, household_parcel, clock
):
    parcel = household_parcel()
    assert phone.fail(parcel, occurred_at=phone.phone_time(minutes_ago=20)).status_code == 201
    second_phone = phone.fail(parcel, occurred_at=phone.phone_time(minutes_ago=18))
    assert second_phone.status_code == 409
    assert second_phone.json["error"]["message"].startswith(
        f"Percobaan gagal di {parcel.tracking_code} sudah tercatat pada "
    )
    clock.advance(hours=1)
    assert phone.fail(parcel).status_code == 201
    assert len(attempts(parcel)) == 2 and parcel.failed_attempts == 2


def test_a_parcel_already_delivered_answers_with_a_clear_conflict(phone, parcel_with_code):
    parcel, code = parcel_with_code
    assert phone.deliver(parcel, code).status_code == 201
    second = phone.fail(parcel)
    assert second.status_code == 409
    message = second.json["error"]["message"]
    assert message.startswith(f"Paket {parcel.tracking_code} sudah berstatus “Diterima”")
    assert message.endswith("Tidak ada yang dicatat.")
    assert len(attempts(parcel)) == 1


def test_a_parcel_on_nobodys_round_cannot_be_delivered(phone, household_parcel):
    parcel = household_parcel(courier=None)
    response = phone.fail(parcel)
    assert response.status_code == 403
    assert response.json["error"]["message"] == "Paket ini tidak ada di rute Anda."


def test_a_phone_clock_behind_the_last_move_does_not_make_the_visit_stale(
    phone, household_parcel, clock
):
    parcel = household_parcel()
    response = phone.fail(parcel, occurred_at=(clock.now - timedelta(hours=3)).isoformat())
    assert response.status_code == 201
    [visit] = attempts(parcel)
    assert parcel.status == S.ATTEMPT_FAILED
    assert visit.occurred_at == events(parcel)[-1].occurred_at == parcel.status_changed_at
