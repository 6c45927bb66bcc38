"""Events through the parcel lifecycle: once each, never backwards, never out of a final state."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import (
    AttemptReason,
    AuditEntry,
    EventOutcome,
    EventSource,
    ParcelStatus,
)
from delivery.parcels.events import Report, record_event

pytestmark = pytest.mark.both_databases
S = ParcelStatus


@pytest.fixture
def parcel(make_parcel, clock):
    parcel = make_parcel(status=S.SUBMITTED, status_changed_at=clock.now)
    return parcel


def report(clock, status, minutes, key=None, reason=None, source=EventSource.CARRIER_WEBHOOK):
    return Report(
        status=status,
        occurred_at=clock.now + timedelta(minutes=minutes),
        source=source,
        dedupe_key=key or f"carrier:{status.value}:{minutes}",
        reason=reason,
    )


def test_events_move_the_parcel_forward(app, parcel, clock):
    for minutes, status in enumerate([S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED], start=1):
        assert record_event(parcel, report(clock, status, minutes)).outcome == EventOutcome.APPLIED
    assert parcel.status == S.DELIVERED
    assert parcel.status_changed_at == clock.now + timedelta(minutes=3)
    changes = db.session.scalars(sa.select(AuditEntry.after).filter_by(action="parcel.status"))
    assert [change["status"] for change in changes] == [
        "in_transit",
        "out_for_delivery",
        "delivered",
    ]


def test_the_same_event_twice_changes_nothing(app, parcel, clock):
    first = record_event(parcel, report(clock, S.IN_TRANSIT, 5, key="carrier:evt-1"))
    assert first is not None
    assert record_event(parcel, report(clock, S.IN_TRANSIT, 9, key="carrier:evt-1")) is None
    assert parcel.status_changed_at == clock.now + timedelta(minutes=5)


def test_an_older_event_never_moves_the_parcel_back(app, parcel, clock):
    record_event(parcel, report(clock, S.IN_TRANSIT, 1))
    record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, 10))
    late = record_event(parcel, report(clock, S.IN_TRANSIT, 5, key="carrier:late"))
    assert late.outcome == EventOutcome.STALE
    assert parcel.status == S.OUT_FOR_DELIVERY


def test_a_final_status_is_never_left(app, parcel, clock):
    for minutes, status in enumerate([S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED], start=1):
        record_event(parcel, report(clock, status, minutes))
    after = record_event(parcel, report(clock, S.ATTEMPT_FAILED, 30, reason=AttemptReason.REFUSED))
    assert after.outcome == EventOutcome.REJECTED
    assert parcel.status == S.DELIVERED


def test_an_impossible_move_is_kept_for_staff_and_applied_when_it_fits(app, parcel, clock, caplog):
    early = record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, 20))
    assert early.outcome == EventOutcome.REJECTED and parcel.status == S.SUBMITTED
    assert "submitted -> out_for_delivery is not allowed" in caplog.text
    assert parcel.tracking_code in caplog.text
    record_event(parcel, report(clock, S.IN_TRANSIT, 10))
    assert parcel.status == S.OUT_FOR_DELIVERY
    assert early.outcome == EventOutcome.APPLIED


def test_three_failed_attempts_start_the_return(app, parcel, clock):
    record_event(parcel, report(clock, S.IN_TRANSIT, 1))
    for attempt in range(3):
        record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, 10 + attempt * 100))
        record_event(
            parcel,
            report(clock, S.ATTEMPT_FAILED, 20 + attempt * 100, reason=AttemptReason.NOT_AT_HOME),
        )
        expected = S.RETURNING if attempt == 2 else S.ATTEMPT_FAILED
        assert parcel.status == expected
    assert parcel.failed_attempts == 3


def test_the_office_sets_the_number_of_attempts(app, parcel, clock):
    parcel.office.attempts_before_return = 1
    record_event(parcel, report(clock, S.IN_TRANSIT, 1))
    record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, 2))
    record_event(parcel, report(clock, S.ATTEMPT_FAILED, 3, reason=AttemptReason.NOT_AT_HOME))
    assert parcel.status == S.RETURNING


@pytest.mark.parametrize("reason", [AttemptReason.REFUSED, AttemptReason.ADDRESS_NOT_FOUND])
def test_refusal_or_unknown_address_returns_at_once(app, parcel, clock, reason):
    record_event(parcel, report(clock, S.IN_TRANSIT, 1))
    record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, 2))
    record_event(parcel, report(clock, S.ATTEMPT_FAILED, 3, reason=reason))
    assert parcel.status == S.RETURNING
    carrier_return = record_event(parcel, report(clock, S.RETURNING, 4, reason=reason))
    assert carrier_return.outcome == EventOutcome.APPLIED and parcel.status == S.RETURNING


def test_the_count_starts_again_when_the_parcel_is_sent_again(app, parcel, clock):
    def fail_once(minutes):
        record_event(parcel, report(clock, S.OUT_FOR_DELIVERY, minutes))
        record_event(
            parcel, report(clock, S.ATTEMPT_FAILED, minutes + 1, reason=AttemptReason.NOT_AT_HOME)
        )

    record_event(parcel, report(clock, S.IN_TRANSIT, 1))
    fail_once(10)
    fail_once(20)
    assert parcel.failed_attempts == 2
    for minutes, status in ((30, S.RETURNING), (40, S.RETURNED), (40, S.READY)):
        record_event(parcel, report(clock, status, minutes, source=EventSource.STAFF))
    assert parcel.failed_attempts == 0  # the same moment as its return: the order recorded
    late = record_event(
        parcel,
        report(clock, S.ATTEMPT_FAILED, 25, key="carrier:late", reason=AttemptReason.NOT_AT_HOME),
    )
    assert late.outcome == EventOutcome.STALE and parcel.failed_attempts == 0  # an old journey
    for minutes, status in ((50, S.SUBMITTED), (60, S.IN_TRANSIT)):
        record_event(parcel, report(clock, status, minutes))
    fail_once(70)
    assert parcel.failed_attempts == 1
