"""No event time lies in the future: a carrier (or a phone) whose clock runs ahead keeps its own
time beside the event, the event is dated by Antar's clock, and the timeline, "today" and the
chart agree."""

from datetime import timedelta

import pytest

from delivery import dashboard
from delivery.core.extensions import db
from delivery.dispatch.carrier_events import apply_carrier_event
from delivery.models import EventSource, ParcelStatus, Shipment, ShipmentState
from delivery.parcels.events import timeline
from postal_client import TrackingEvent as CarrierEvent

S = ParcelStatus


@pytest.fixture
def shipped(make_parcel, clock):
    """A parcel the carrier holds, submitted an hour ago and on its way since."""
    parcel = make_parcel(status=S.IN_TRANSIT, status_changed_at=clock.now - timedelta(hours=1))
    db.session.add(
        Shipment(
            parcel=parcel,
            idempotency_key="skew",
            state=ShipmentState.SUBMITTED,
            carrier_shipment_id="shp_skew",
            carrier_tracking_number="RR123456785ID",
            submitted_at=clock.now - timedelta(hours=1),
        )
    )
    db.session.commit()
    return parcel


def carrier_event(number: int, code: int, occurred_at) -> CarrierEvent:
    return CarrierEvent.from_json(
        {
            "event_id": f"evt_{number}",
            "shipment_id": "shp_skew",
            "tracking_number": "RR123456785ID",
            "reference": "ref",
            "code": code,
            "description": "",
            "location": "Kantor Pos Terbanggi Besar",
            "occurred_at": occurred_at.isoformat(),
        }
    )


def apply(event: CarrierEvent) -> str:
    outcome = apply_carrier_event(event, EventSource.CARRIER_WEBHOOK)
    db.session.commit()
    return outcome


def test_an_event_ahead_of_our_clock_is_dated_now_and_keeps_the_carriers_time(
    shipped, clock, staff_client
):
    ahead = clock.now + timedelta(hours=9)
    assert apply(carrier_event(1, 2010, ahead)) == "applied"
    assert apply(carrier_event(2, 3010, ahead + timedelta(minutes=30))) == "applied"
    [out_for_delivery, delivered] = timeline(shipped)
    assert delivered.status == S.DELIVERED
    assert out_for_delivery.occurred_at == delivered.occurred_at == clock.now
    assert delivered.reported_at == ahead + timedelta(minutes=30)
    assert shipped.status_changed_at == clock.now
    assert dashboard.daily_counts(shipped.office)[-1].delivered == 1  # today, not tomorrow
    page = staff_client.get(f"/staff/parcels/{shipped.tracking_code}").text
    assert "540.0" in page and "data-clock-skew" in page


def test_events_ahead_of_our_clock_keep_their_order_when_they_arrive_out_of_it(shipped, clock):
    at_delivery_office = carrier_event(1, 1050, clock.now + timedelta(hours=8))
    out_for_delivery = carrier_event(2, 2010, clock.now + timedelta(hours=9))
    assert apply(out_for_delivery) == "applied"
    clock.advance(minutes=1)
    assert apply(at_delivery_office) == "stale"  # it happened before: the parcel stays out
    db.session.refresh(shipped)
    assert shipped.status == S.OUT_FOR_DELIVERY
    assert all(event.occurred_at <= clock.now for event in timeline(shipped))


def test_an_event_in_our_past_keeps_its_own_time(shipped, clock):
    earlier = clock.now - timedelta(minutes=20)
    apply(carrier_event(1, 1030, earlier))
    in_transit = timeline(shipped)[-1]
    assert in_transit.occurred_at == earlier and in_transit.reported_at is None
