"""What residents choose reaches the carrier for parcels it holds, through the sandbox."""

import pytest

from delivery.core.errors import Conflict
from delivery.core.extensions import db
from delivery.dispatch.operations import check_dispatchable, dispatch_parcels, request_pickup
from delivery.models import CarrierInstruction, InstructionState, ParcelStatus, ShipmentState
from delivery.resident.requests import record_request
from delivery.returns.operations import record_collection


@pytest.fixture
def sent(office, staff_user, make_ready_parcels, run_jobs):
    """A parcel the carrier accepted; `picked_up` lets its story start."""
    [parcel] = make_ready_parcels(1)
    batch = dispatch_parcels(office, [parcel], staff_user)
    run_jobs()
    db.session.refresh(parcel)
    assert parcel.status == ParcelStatus.SUBMITTED
    parcel.batch = batch
    return parcel


def pick_up(parcel, staff_user, admin, settle):
    request_pickup(parcel.batch, staff_user)
    admin.advance(minutes=60)
    settle()
    db.session.refresh(parcel)
    assert parcel.status == ParcelStatus.IN_TRANSIT


def instructions_at_carrier(admin) -> list[dict]:
    [shipment] = admin.shipments()
    return shipment["instructions"]


def test_directions_for_a_parcel_in_transit_reach_the_carrier(
    app, sent, staff_user, admin, webhooks_to_app, settle, run_jobs
):
    pick_up(sent, staff_user, admin, settle)
    with app.test_request_context():
        record_request(sent, "directions", {"directions": "rumah cat hijau depan masjid"})
    run_jobs()
    [instruction] = db.session.scalars(db.select(CarrierInstruction)).all()
    assert instruction.state == InstructionState.ACCEPTED
    [at_carrier] = instructions_at_carrier(admin)
    assert at_carrier["kind"] == "delivery_note"
    assert at_carrier["details"]["note"] == "rumah cat hijau depan masjid"


def test_counter_collection_recalls_a_parcel_the_carrier_holds(
    app, sent, staff_user, admin, webhooks_to_app, settle, run_jobs
):
    pick_up(sent, staff_user, admin, settle)
    with app.test_request_context():
        record_request(sent, "collection", {"place": "office_counter"})
    run_jobs()
    assert [i["kind"] for i in instructions_at_carrier(admin)] == ["return_to_sender"]
    admin.advance(minutes=3 * 24 * 60)
    settle()
    db.session.refresh(sent)
    assert sent.status == ParcelStatus.RETURNED
    with app.test_request_context():
        record_collection(sent, "Budi Santoso", "KTP-el", sent.documents[0].holder_nik[-4:], None)
    assert sent.status == ParcelStatus.COLLECTED


def test_counter_collection_before_pickup_cancels_the_booking(
    app, office, sent, staff_user, admin, run_jobs
):
    with app.test_request_context():
        record_request(sent, "collection", {"place": "office_counter"})
    run_jobs()
    db.session.refresh(sent)
    assert sent.status == ParcelStatus.READY and sent.batch_id is None
    assert sent.current_shipment.state == ShipmentState.CANCELLED
    assert admin.shipments()[0]["state"] == "cancelled"
    with pytest.raises(Conflict):
        check_dispatchable(office, [sent])
    with app.test_request_context():
        record_collection(sent, "Budi Santoso", "KTP-el", sent.documents[0].holder_nik[-4:], None)
    assert sent.status == ParcelStatus.COLLECTED
