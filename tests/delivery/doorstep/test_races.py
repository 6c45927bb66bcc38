"""Couriers racing on one parcel, with real concurrent requests to a live server on PostgreSQL.

Each race runs on a fresh parcel many times; every run must end with exactly one winner and
exactly one record of what happened.
"""

from uuid import uuid4

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import (
    AuditEntry,
    DeliveryAttempt,
    ParcelStatus,
    Role,
    TrackingEvent,
    User,
    VerificationMethod,
)
from tests.delivery.doorstep.conftest import jpeg_photo, signature_png
from tests.delivery.races import ROUNDS, Browser, at_once, tally
from tests.factories import PASSWORDS

S = ParcelStatus


@pytest.fixture
def couriers(live_server, courier_user, make_user) -> list[Browser]:
    """Two couriers of the office, Dedi and Wati, each signed in on a phone of their own."""
    users = [courier_user, make_user(Role.COURIER, username="wati")]
    return [Browser(live_server, user.username, PASSWORDS[Role.COURIER]) for user in users]


@pytest.fixture
def dedis_phones(live_server, couriers) -> list[Browser]:
    """Dedi signed in on two phones."""
    return [couriers[0], Browser(live_server, "dedi", PASSWORDS[Role.COURIER])]


@pytest.fixture
def nik_digits_office(office):
    """The office checks receivers by the last NIK digits (Sri's are 4321)."""
    office.verification_method = VerificationMethod.NIK_LAST_DIGITS
    db.session.commit()
    return office


def on_the_phone(clock, event_id) -> dict:
    """The fields every record from the phone carries: its event id and the phone's time."""
    return {"client_event_id": str(event_id), "occurred_at": clock.now.isoformat()}


def take(phone: Browser, parcel, clock):
    path, fields = f"/courier/parcels/{parcel.tracking_code}/take", on_the_phone(clock, uuid4())
    return lambda: phone.post(path, fields)


def deliver(phone: Browser, parcel, clock, event_id):
    fields = on_the_phone(clock, event_id) | {
        "receiver_name": "Sri Wahyuni",
        "relation": "household_member",
        "code": "4321",
    }
    files = {
        "photo": ("photo.jpg", jpeg_photo(), "image/jpeg"),
        "signature": ("signature.png", signature_png(), "image/png"),
    }
    path = f"/courier/parcels/{parcel.tracking_code}/delivered"
    return lambda: phone.post(path, fields, files)


def fail(phone: Browser, parcel, clock, event_id):
    path = f"/courier/parcels/{parcel.tracking_code}/failed"
    fields = on_the_phone(clock, event_id) | {"reason": "not_at_home"}
    return lambda: phone.post(path, fields)


def recorded(parcel) -> tuple[tuple[ParcelStatus, ...], int]:
    """The parcel's events by status, and how many visits were written for it."""
    db.session.expire_all()
    events = db.session.scalars(
        sa.select(TrackingEvent.status).filter_by(parcel_id=parcel.id).order_by(TrackingEvent.id)
    )
    visits = db.session.scalar(
        sa.select(sa.func.count()).select_from(DeliveryAttempt).filter_by(parcel_id=parcel.id)
    )
    return tuple(events), visits


def assignments(parcel) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEntry)
        .filter_by(action="parcel.assign", object_id=str(parcel.id))
    )


def test_two_couriers_taking_one_parcel_one_wins_the_other_gets_409(
    couriers, household_parcel, clock
):
    def race():
        parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
        answers = at_once(*(take(phone, parcel, clock) for phone in couriers))
        events, _visits = recorded(parcel)
        winner = ("dedi", "wati")[answers.index(201)] if 201 in answers else None
        return (
            tuple(sorted(answers)),
            events,
            assignments(parcel),
            parcel.courier.username == winner,
        )

    assert tally(race) == {((201, 409), (S.OUT_FOR_DELIVERY,), 1, True): ROUNDS}


def test_a_double_tapped_delivery_is_recorded_once(
    couriers, household_parcel, nik_digits_office, clock
):
    def race():
        parcel = household_parcel()
        tap = deliver(couriers[0], parcel, clock, uuid4())
        return tuple(sorted(at_once(tap, tap))), recorded(parcel)

    assert tally(race) == {((200, 201), ((S.DELIVERED,), 1)): ROUNDS}


def test_a_double_tapped_failed_attempt_is_recorded_once(couriers, household_parcel, clock):
    def race():
        parcel = household_parcel()
        tap = fail(couriers[0], parcel, clock, uuid4())
        return tuple(sorted(at_once(tap, tap))), recorded(parcel), parcel.failed_attempts

    assert tally(race) == {((200, 201), ((S.ATTEMPT_FAILED,), 1), 1): ROUNDS}


def test_a_delivery_from_two_phones_is_recorded_once(
    dedis_phones, household_parcel, nik_digits_office, clock
):
    def race():
        parcel = household_parcel()
        answers = at_once(*(deliver(p, parcel, clock, uuid4()) for p in dedis_phones))
        return tuple(sorted(answers)), recorded(parcel)

    assert tally(race) == {((201, 409), ((S.DELIVERED,), 1)): ROUNDS}


def test_a_failed_attempt_from_two_phones_is_recorded_once(dedis_phones, household_parcel, clock):
    def race():
        parcel = household_parcel()
        answers = at_once(*(fail(p, parcel, clock, uuid4()) for p in dedis_phones))
        return tuple(sorted(answers)), recorded(parcel), parcel.failed_attempts

    assert tally(race) == {((201, 409), ((S.ATTEMPT_FAILED,), 1), 1): ROUNDS}


def test_staff_assigning_a_parcel_a_courier_takes_sends_it_out_once(
    live_server, staff_user, couriers, household_parcel, clock
):
    desk = Browser(live_server, staff_user.username, PASSWORDS[Role.STAFF])
    wati = phone_user("wati")

    def race():
        parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
        fields = {"tracking_code": parcel.tracking_code, "courier_id": wati.id}
        answers = at_once(
            lambda: desk.post("/staff/parcels/assign", fields), take(couriers[0], parcel, clock)
        )
        events, _visits = recorded(parcel)
        return answers[0], events, parcel.courier.username

    assert tally(race) == {(302, (S.OUT_FOR_DELIVERY,), "wati"): ROUNDS}


def phone_user(username: str) -> User:
    return db.session.scalar(sa.select(User).filter_by(username=username))
