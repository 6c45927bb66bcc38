"""When webhooks go missing, polling the carrier brings parcels up to date."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.dispatch.carrier_events import PollingRound, poll_carrier
from delivery.dispatch.operations import dispatch_parcels, request_pickup
from delivery.models import EventSource, Parcel, ParcelStatus, Shipment, TrackingEvent


def test_polling_catches_up_when_no_webhook_arrives(
    app, office, staff_user, make_ready_parcels, admin, run_jobs, clock
):
    app.config["POLL_BATCH_SIZE"] = 7
    parcels = make_ready_parcels(20, "0") + make_ready_parcels(5, "9")
    batch = dispatch_parcels(office, parcels, staff_user)
    run_jobs()
    request_pickup(batch, staff_user)
    admin.advance(minutes=3 * 24 * 60)
    assert poll_carrier() == 0  # nothing has been quiet for long yet
    clock.advance(minutes=31)

    assert poll_carrier(max_batches=10) == 25
    statuses = sorted(db.session.get(Parcel, p.id).status.value for p in parcels)
    assert statuses == ["delivered"] * 20 + ["exception"] * 5
    sources = set(
        db.session.scalars(
            sa.select(TrackingEvent.source).where(TrackingEvent.status != ParcelStatus.SUBMITTED)
        )
    )
    assert sources == {EventSource.CARRIER_POLL}
    assert poll_carrier() == 0  # delivered parcels are no longer polled; lost ones wait


def test_polling_a_second_time_adds_no_duplicate_event(
    app, office, staff_user, make_ready_parcels, admin, run_jobs, clock
):
    parcels = make_ready_parcels(3, "5")
    batch = dispatch_parcels(office, parcels, staff_user)
    run_jobs()
    request_pickup(batch, staff_user)
    admin.advance(minutes=25 * 60)
    clock.advance(minutes=31)
    assert poll_carrier() == 3
    count = db.session.scalar(sa.select(sa.func.count()).select_from(TrackingEvent))
    clock.advance(days=2)
    assert poll_carrier() == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrackingEvent)) == count


def test_a_round_goes_on_from_where_the_last_call_left_it_and_polls_each_once(
    app, office, staff_user, make_ready_parcels, admin, run_jobs, clock, monkeypatch
):
    monkeypatch.setattr(PollingRound, "after", (0, 0))
    app.config["POLL_BATCH_SIZE"] = 2
    parcels = make_ready_parcels(5, "0")
    batch = dispatch_parcels(office, parcels, staff_user)
    run_jobs()
    request_pickup(batch, staff_user)
    admin.advance(minutes=60)
    clock.advance(minutes=31)

    assert [poll_carrier(max_batches=1) for _ in range(4)] == [2, 2, 1, 0]
    polled = db.session.scalars(sa.select(Shipment.last_polled_at)).all()
    assert len(polled) == 5 and None not in polled
    clock.advance(minutes=31)
    assert poll_carrier(max_batches=10) == 5  # quiet again: the next round asks about all
