"""A phone whose clock runs a little ahead records the visit at Antar's time, never later."""

from datetime import timedelta

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import DeliveryAttempt, TrackingEvent


def test_a_visit_from_a_phone_ahead_is_dated_by_our_clock(phone, household_parcel, clock):
    parcel = household_parcel()
    code = new_one_time_code(parcel)
    db.session.commit()
    ahead = (clock.now + timedelta(minutes=3)).isoformat()
    assert phone.deliver(parcel, code, occurred_at=ahead).status_code == 201
    attempt = db.session.scalar(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id))
    event = db.session.scalar(
        sa.select(TrackingEvent).filter_by(parcel_id=parcel.id, status="delivered")
    )
    assert attempt.occurred_at == event.occurred_at == clock.now
