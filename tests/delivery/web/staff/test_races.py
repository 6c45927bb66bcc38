"""Two staff acting on one parcel at the same moment, with real concurrent requests to a live
server on PostgreSQL: one wins, the other is refused with a clear 409, nothing is done twice."""

from datetime import date

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.demo import make_nik
from delivery.models import (
    DeliveryAttempt,
    DispatchBatch,
    OutboxEntry,
    ParcelStatus,
    Role,
    Shipment,
    TrackingEvent,
)
from tests.delivery.races import ROUNDS, Browser, at_once, tally
from tests.factories import PASSWORDS

S = ParcelStatus
SRI_NIK = make_nik("02", date(1992, 8, 21), True, 4321)


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Jobs go to the real Redis and wait there: the races are about the database."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def desks(live_server, staff_user, make_user) -> list[Browser]:
    """Rini and Yanti, each signed in at a desk of their own."""
    users = [staff_user, make_user(Role.STAFF, username="yanti")]
    return [Browser(live_server, user.username, PASSWORDS[Role.STAFF]) for user in users]


@pytest.fixture
def parcel_that_is(make_parcel, make_document, clock):
    """A parcel with Sri's card (her NIK ends in 4321) that has just reached the status."""

    def make(status: ParcelStatus):
        sri = make_document(holder_name="Sri Wahyuni", holder_nik=SRI_NIK)
        return make_parcel([sri], status=status, status_changed_at=clock.advance(minutes=1))

    return make


def both(desks: list[Browser], path: str, fields: dict) -> tuple[int, ...]:
    """Post the same form from both desks at once; the answers' statuses, in order."""
    return tuple(sorted(at_once(*(lambda desk=desk: desk.post(path, fields) for desk in desks))))


def count(model, **where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def events(parcel) -> tuple[ParcelStatus, ...]:
    db.session.expire_all()
    query = sa.select(TrackingEvent.status).filter_by(parcel_id=parcel.id).order_by("id")
    return tuple(db.session.scalars(query))


def test_two_staff_dispatching_one_parcel_make_one_batch(desks, parcel_that_is):
    def race():
        parcel = parcel_that_is(S.READY)
        answers = both(desks, "/staff/dispatches", {"tracking_code": parcel.tracking_code})
        db.session.expire_all()
        return answers, count(Shipment, parcel_id=parcel.id), parcel.batch_id is not None

    assert tally(race) == {((302, 409), 1, True): ROUNDS}
    assert count(DispatchBatch) == count(OutboxEntry) == ROUNDS


def test_two_staff_receiving_one_parcel_back_record_it_once(desks, parcel_that_is):
    def race():
        parcel = parcel_that_is(S.RETURNING)
        answers = both(desks, "/staff/returns/receive", {"tracking_code": parcel.tracking_code})
        return answers, events(parcel), parcel.status

    assert tally(race) == {((302, 409), (S.RETURNED,), S.RETURNED): ROUNDS}


def test_two_staff_handing_one_parcel_over_record_one_collection(desks, parcel_that_is):
    fields = {"receiver_name": "Sri Wahyuni", "id_shown": "KTP-el", "id_last_digits": "4321"}

    def race():
        parcel = parcel_that_is(S.RETURNED)
        answers = both(desks, f"/staff/parcels/{parcel.tracking_code}/collect", fields)
        return answers, events(parcel), count(DeliveryAttempt, parcel_id=parcel.id)

    assert tally(race) == {((302, 409), (S.COLLECTED,), 1): ROUNDS}
