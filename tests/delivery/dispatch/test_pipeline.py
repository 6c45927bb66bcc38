"""Parcels through the whole pipeline against the sandbox carrier, on the real Redis."""

import collections

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.dispatch.operations import dispatch_parcels, request_pickup
from delivery.models import Parcel, ParcelStatus, Shipment, ShipmentState
from tests.delivery.dispatch.conftest import STORY_BY_DIGIT

FINAL_STATUS = {
    "delivered": ParcelStatus.DELIVERED,
    "not_at_home_then_delivered": ParcelStatus.DELIVERED,
    "three_failed_attempts_returned": ParcelStatus.RETURNED,
    "refused_returned": ParcelStatus.RETURNED,
    "address_not_found_returned": ParcelStatus.RETURNED,
    "lost": ParcelStatus.EXCEPTION,
}


def parcels_per_story(make_ready_parcels, total: int) -> dict[str, list[Parcel]]:
    digits = list(STORY_BY_DIGIT)
    made = {}
    for index, digit in enumerate(digits):
        share = total // len(digits) + (1 if index < total % len(digits) else 0)
        made[STORY_BY_DIGIT[digit]] = make_ready_parcels(share, digit)
    return made


def test_200_parcels_each_reach_their_storys_final_status(
    app, office, staff_user, make_ready_parcels, admin, webhooks_to_app, run_jobs, settle
):
    by_story = parcels_per_story(make_ready_parcels, 200)
    parcels = [parcel for group in by_story.values() for parcel in group]
    batch = dispatch_parcels(office, parcels, staff_user)
    run_jobs()
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Shipment)
            .where(Shipment.state == ShipmentState.SUBMITTED)
        )
        == 200
    )
    request_pickup(batch, staff_user)
    admin.advance(minutes=8 * 24 * 60)
    settle()
    for story, group in by_story.items():
        statuses = collections.Counter(db.session.get(Parcel, p.id).status for p in group)
        assert statuses == {FINAL_STATUS[story]: len(group)}, story
    stories = collections.Counter(s["story"] for s in admin.shipments())
    assert stories == {story: len(group) for story, group in by_story.items()}


def test_faults_lose_nothing_and_duplicate_nothing(
    app, office, staff_user, make_ready_parcels, admin, webhooks_to_app, run_jobs, settle
):
    parcels = make_ready_parcels(150, "0") + make_ready_parcels(50, "6")
    admin.set_faults(
        server_error={"rate": 0.15},
        rate_limit={"rate": 0.02},
        response_lost={"every_nth": 3},
        webhook_duplicate={"rate": 0.3},
        webhook_out_of_order=True,
        retry_after_seconds=1,
        seed=7,
    )
    batch = dispatch_parcels(office, parcels, staff_user)
    run_jobs()
    admin.set_faults(webhook_duplicate={"rate": 0.3}, webhook_out_of_order=True, seed=7)
    request_pickup(batch, staff_user)
    admin.advance(minutes=8 * 24 * 60)
    settle()

    at_carrier = admin.shipments()
    references = collections.Counter(shipment["reference"] for shipment in at_carrier)
    assert len(at_carrier) == 200 and max(references.values()) == 1
    assert set(references) == {parcel.tracking_code for parcel in parcels}
    statuses = collections.Counter(db.session.get(Parcel, p.id).status for p in parcels)
    assert statuses == {ParcelStatus.DELIVERED: 150, ParcelStatus.RETURNED: 50}
    assert admin.stats()["webhooks"]["delivered"] > sum(s["event_count"] for s in at_carrier)
    carrier_events = db.session.execute(
        sa.text("SELECT count(*) FROM tracking_event WHERE source = 'carrier_webhook'")
    ).scalar_one()
    assert carrier_events == sum(s["event_count"] for s in at_carrier)
