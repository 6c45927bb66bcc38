"""The staff home's figures, in the staff's language."""

from delivery.core.extensions import db
from delivery.models import EventSource, ParcelStatus
from delivery.parcels.events import Report, record_event


def test_failed_attempts_without_a_reason_are_counted_in_words(staff_client, make_parcel, clock):
    parcel = make_parcel(status=ParcelStatus.OUT_FOR_DELIVERY, status_changed_at=clock.now)
    report = Report(ParcelStatus.ATTEMPT_FAILED, clock.now, EventSource.STAFF, "no-reason-1")
    record_event(parcel, report)
    db.session.commit()

    home = staff_client.get("/staff/").get_data(as_text=True)

    reasons = home[home.index('id="reasons-heading"') :]
    assert "<td>tanpa keterangan</td><td>1</td>" in reasons
    assert "unknown" not in reasons
