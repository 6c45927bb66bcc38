"""The lifecycle's one write path: every allowed move is made, every other one is refused."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry, DocumentStatus, EventSource, ParcelStatus
from delivery.parcels.lifecycle import (
    DECISIONS_ON_AN_EXCEPTION,
    FINAL_STATUSES,
    NEXT_STATUSES,
    StatusChangeRefused,
    move_parcel,
    parcel_status_changed,
)
from delivery.parcels.packing import pack_household_parcels, unpack_parcel

S = ParcelStatus
ALLOWED = {
    (S.READY, S.SUBMITTED),
    (S.READY, S.CANCELLED),
    (S.SUBMITTED, S.IN_TRANSIT),
    (S.SUBMITTED, S.CANCELLED),
    (S.IN_TRANSIT, S.OUT_FOR_DELIVERY),
    (S.IN_TRANSIT, S.EXCEPTION),
    (S.IN_TRANSIT, S.RETURNING),
    (S.OUT_FOR_DELIVERY, S.DELIVERED),
    (S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED),
    (S.OUT_FOR_DELIVERY, S.EXCEPTION),
    (S.ATTEMPT_FAILED, S.OUT_FOR_DELIVERY),
    (S.ATTEMPT_FAILED, S.RETURNING),
    (S.RETURNING, S.RETURNED),
    (S.RETURNED, S.COLLECTED),
    (S.RETURNED, S.READY),
    (S.EXCEPTION, S.RETURNING),
    (S.EXCEPTION, S.IN_TRANSIT),
    (S.EXCEPTION, S.CANCELLED),
}


@contextmanager
def changes_heard():
    """Collect what `parcel_status_changed` tells its receivers meanwhile."""
    heard = []

    def receiver(parcel, **change):
        heard.append((parcel.tracking_code, change["before"], parcel.status))

    parcel_status_changed.connect(receiver)
    try:
        yield heard
    finally:
        parcel_status_changed.disconnect(receiver)


def test_the_table_holds_the_allowed_moves_and_no_other():
    table = {(current, new) for current, nexts in NEXT_STATUSES.items() for new in nexts}
    assert table == ALLOWED
    assert set(NEXT_STATUSES) == set(ParcelStatus)


@pytest.mark.parametrize("current", list(ParcelStatus), ids=lambda status: status.value)
def test_every_move_from_a_status_is_made_or_refused_by_the_write_path(
    app, make_parcel, clock, current
):
    for new in ParcelStatus:
        parcel = make_parcel(status=current, status_changed_at=clock.now)
        clock.advance(minutes=1)
        with changes_heard() as heard:
            if (current, new) in ALLOWED:
                move_parcel(parcel, new, at=clock.now, source=EventSource.STAFF)
                assert parcel.status == new and parcel.status_changed_at == clock.now
                assert heard == [(parcel.tracking_code, current, new)]
            else:
                with pytest.raises(StatusChangeRefused) as refused:
                    move_parcel(parcel, new, at=clock.now, source=EventSource.STAFF)
                assert refused.value.status == 409 and refused.value.field == "status"
                assert parcel.status == current and heard == []
        db.session.commit()
    changes = db.session.scalars(sa.select(AuditEntry.after).filter_by(action="parcel.status"))
    assert sorted(change["status"] for change in changes) == sorted(
        new.value for before, new in ALLOWED if before == current
    )


def test_final_statuses_lead_nowhere_and_staff_decide_an_exception_by_the_table():
    assert FINAL_STATUSES == {status for status, nexts in NEXT_STATUSES.items() if not nexts}
    assert set(DECISIONS_ON_AN_EXCEPTION) == NEXT_STATUSES[S.EXCEPTION]


def test_unpacking_takes_the_write_path(app, office, make_document):
    make_document(status=DocumentStatus.READY)
    [parcel] = pack_household_parcels(office)

    with changes_heard() as heard:
        unpack_parcel(parcel)

    assert heard == [(parcel.tracking_code, S.READY, S.CANCELLED)]
    [change] = db.session.scalars(sa.select(AuditEntry).filter_by(action="parcel.status"))
    assert (change.before, change.after["status"]) == ({"status": "ready"}, "cancelled")
