"""Many carrier events of many parcels applied by one job: each once, each parcel's in order."""

from datetime import timedelta

import sqlalchemy as sa

from delivery.core.clock import utcnow
from delivery.core.extensions import db
from delivery.dispatch.carrier_events import apply_inbox_events
from delivery.models import (
    CarrierInboxEvent,
    EventOutcome,
    OutboxEntry,
    OutboxState,
    ParcelStatus,
    TrackingEvent,
)
from tests.delivery.dispatch.test_webhook import (
    batch_body,
    carrier_event,
    parcel_status,
    post,
    submitted_parcel,
)

JOURNEY = [(1010, 50), (2010, 40), (4010, 30), (2020, 20), (3010, 10)]  # code, minutes ago


def journey(shipment_id: str) -> list[dict]:
    return [
        carrier_event(
            shipment_id=shipment_id,
            event_id=f"{shipment_id}-{code}",
            code=code,
            minutes_ago=minutes_ago,
        )
        for code, minutes_ago in JOURNEY
    ]


def sent_an_hour_ago(make_parcel, carrier_shipment_id: str):
    parcel = submitted_parcel(make_parcel, carrier_shipment_id)
    parcel.status_changed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return parcel


def carrier_events_of(parcel) -> list[tuple[str, EventOutcome]]:
    return [
        (event.carrier_code, event.outcome)
        for event in db.session.scalars(
            sa.select(TrackingEvent)
            .where(TrackingEvent.parcel_id == parcel.id, TrackingEvent.dedupe_key.like("carrier:%"))
            .order_by(TrackingEvent.occurred_at)
        )
    ]


def test_one_job_applies_a_batch_of_many_parcels_events_once_and_in_order(
    client, make_parcel, run_jobs
):
    parcels = [sent_an_hour_ago(make_parcel, f"SHP-{number}") for number in range(6)]
    journeys = [journey(f"SHP-{number}") for number in range(6)]
    events = [events[step] for step in range(len(JOURNEY)) for events in journeys]
    assert post(client, batch_body(*events)).status_code == 202

    run_jobs()

    for parcel in parcels:
        assert parcel_status(parcel) == ParcelStatus.DELIVERED
        assert carrier_events_of(parcel) == [
            (str(code), EventOutcome.APPLIED) for code, _minutes in JOURNEY
        ]
        assert db.session.get(type(parcel), parcel.id).failed_attempts == 1
    inbox = db.session.scalars(sa.select(CarrierInboxEvent)).all()
    assert len(inbox) == 30 and all(row.processed_at and row.outcome == "applied" for row in inbox)
    outbox_states = db.session.scalars(
        sa.select(OutboxEntry.state).where(OutboxEntry.topic == "carrier.events")
    ).all()
    assert outbox_states == [OutboxState.DONE] * 30


def test_a_batch_delivered_again_or_applied_again_records_nothing_twice(
    client, make_parcel, run_jobs
):
    parcel = sent_an_hour_ago(make_parcel, "SHP-A")
    body = batch_body(*journey("SHP-A"))
    post(client, body)
    run_jobs()
    recorded = carrier_events_of(parcel)

    assert post(client, body).json["status"] == "already received"
    apply_inbox_events(db.session.scalars(sa.select(CarrierInboxEvent.id)).all())  # a rerun job
    run_jobs()

    assert carrier_events_of(parcel) == recorded and len(recorded) == len(JOURNEY)
    messages = db.session.scalars(
        sa.select(OutboxEntry.payload).where(OutboxEntry.topic == "resident.message")
    ).all()
    assert len(messages) == 3  # out for delivery twice, the failed attempt: each told once


def test_events_arriving_out_of_order_in_one_batch_are_kept_then_applied(
    client, make_parcel, run_jobs
):
    parcel = sent_an_hour_ago(make_parcel, "SHP-B")
    picked_up, out_for_delivery, *_rest = journey("SHP-B")
    post(client, batch_body(out_for_delivery, picked_up))  # the later event arrives first

    run_jobs()

    assert parcel_status(parcel) == ParcelStatus.OUT_FOR_DELIVERY
    assert carrier_events_of(parcel) == [
        ("1010", EventOutcome.APPLIED),
        ("2010", EventOutcome.APPLIED),  # kept for staff, then applied once the parcel moved
    ]


def test_a_batch_applies_the_known_shipments_events_while_an_unknown_ones_wait(
    client, make_parcel, run_jobs
):
    parcel = sent_an_hour_ago(make_parcel, "SHP-C")
    known = carrier_event(shipment_id="SHP-C", event_id="EVT-KNOWN", code=1010)
    unknown = carrier_event(shipment_id="SHP-NOT-YET", event_id="EVT-WAITS", code=1010)
    post(client, batch_body(unknown, known))

    run_jobs()

    assert parcel_status(parcel) == ParcelStatus.IN_TRANSIT
    outcomes = dict(
        db.session.execute(
            sa.select(CarrierInboxEvent.carrier_event_id, CarrierInboxEvent.outcome)
        ).all()
    )
    assert outcomes == {"EVT-KNOWN": "applied", "EVT-WAITS": "unknown_shipment"}
    waiting = db.session.scalar(
        sa.select(CarrierInboxEvent).filter_by(carrier_event_id="EVT-WAITS")
    )
    assert waiting.processed_at is None


def test_a_batch_counts_each_failed_attempt_and_returns_the_parcel_at_the_offices_limit(
    client, make_parcel, run_jobs
):
    parcel = sent_an_hour_ago(make_parcel, "SHP-D")
    steps = [(1010, 60), (2010, 55), (4010, 50), (2020, 45), (4010, 40), (2020, 35), (4010, 30)]
    post(
        client,
        batch_body(
            *[
                carrier_event(
                    shipment_id="SHP-D", event_id=f"D-{n}", code=code, minutes_ago=minutes_ago
                )
                for n, (code, minutes_ago) in enumerate(steps)
            ]
        ),
    )

    run_jobs()

    applied = db.session.get(type(parcel), parcel.id)
    assert (applied.status, applied.failed_attempts) == (ParcelStatus.RETURNING, 3)
    reasons = db.session.scalars(
        sa.select(TrackingEvent.reason).where(TrackingEvent.dedupe_key.like("return-rule:%"))
    ).all()
    assert [reason.value for reason in reasons] == ["max_attempts"]
