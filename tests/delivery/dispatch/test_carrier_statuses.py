"""The one table from the carrier's words to Antar's: complete, and never claiming a step that
only the office takes."""

import pytest

from delivery.dispatch.carrier_statuses import ATTEMPT_REASON_OF, PARCEL_STATUS_OF, in_antars_words
from delivery.models import ParcelStatus
from postal_client import CARRIER_CODES, Reason, Status, TrackingEvent

OFFICE_STEPS = {
    ParcelStatus.READY,
    ParcelStatus.SUBMITTED,
    ParcelStatus.COLLECTED,
    ParcelStatus.CANCELLED,
}


def event_with(code: int) -> TrackingEvent:
    return TrackingEvent.from_json(
        {
            "event_id": "EVT-1",
            "shipment_id": "SHP-1",
            "tracking_number": "RR123456785ID",
            "reference": "AN-TEST-0001",
            "code": code,
            "description": "",
            "location": "",
            "occurred_at": "2024-11-23T10:15:00+07:00",
        }
    )


def test_every_carrier_status_has_a_parcel_status():
    assert set(PARCEL_STATUS_OF) == set(Status)


def test_every_carrier_reason_has_an_attempt_reason():
    assert set(ATTEMPT_REASON_OF) == set(Reason)


@pytest.mark.parametrize("code", CARRIER_CODES)
def test_every_published_code_reads_as_a_step_the_carrier_may_report(code):
    status, reason = in_antars_words(event_with(code))

    assert status not in OFFICE_STEPS
    if status == ParcelStatus.ATTEMPT_FAILED:
        assert reason is not None  # the office's return rule reads it


def test_a_code_the_client_does_not_know_is_not_guessed_at():
    assert in_antars_words(event_with(4070)) is None
