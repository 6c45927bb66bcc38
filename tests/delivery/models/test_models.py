"""The data model on both databases: times stay UTC, numbers stay unique, history stays put,
and the facts that decide behaviour hold by the database's own constraints."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from delivery.core.audit import record_change
from delivery.core.extensions import db
from delivery.models import (
    AuditEntry,
    Document,
    DocumentType,
    ParcelStatus,
    ResidentMessage,
    TrackingEvent,
    WrongCode,
)

pytestmark = pytest.mark.both_databases


def test_times_come_back_as_aware_utc(app, make_parcel):
    parcel = make_parcel()
    jakarta = timezone(timedelta(hours=7))
    event = TrackingEvent(
        parcel=parcel,
        dedupe_key="carrier:1",
        source="carrier_webhook",
        status=ParcelStatus.IN_TRANSIT,
        occurred_at=datetime(2026, 11, 23, 9, 30, tzinfo=jakarta),
    )
    db.session.add(event)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(TrackingEvent, event.id)
    assert stored.occurred_at == datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
    assert stored.occurred_at.tzinfo is not None


def test_naive_times_are_refused(app, make_parcel):
    parcel = make_parcel()
    db.session.add(
        TrackingEvent(
            parcel=parcel,
            dedupe_key="carrier:2",
            source="carrier_poll",
            status=ParcelStatus.IN_TRANSIT,
            occurred_at=datetime(2026, 11, 23, 9, 30),
        )
    )
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db.session.commit()
    db.session.rollback()


def test_document_number_is_unique_per_type(app, make_document):
    make_document(document_type=DocumentType.KK, document_number="1805011705100001")
    make_document(document_type=DocumentType.KTP_EL, document_number="1805011705100001")
    with pytest.raises(sa.exc.IntegrityError):
        make_document(document_type=DocumentType.KK, document_number="1805011705100001")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 2


def test_tracking_event_dedupe_key_is_unique(app, make_parcel, clock):
    parcel = make_parcel()
    for _ in range(2):
        db.session.add(
            TrackingEvent(
                parcel=parcel,
                dedupe_key="carrier:evt-77",
                source="carrier_webhook",
                status=ParcelStatus.IN_TRANSIT,
                occurred_at=clock(),
            )
        )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_audit_entries_cannot_be_changed_through_the_orm(app, office):
    entry = record_change("office.update", office, before={"phone": "1"}, after={"phone": "2"})
    db.session.commit()
    entry.action = "forged"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(sa.select(AuditEntry.action)).all() == ["office.update"]


def test_a_message_is_kept_once_per_tracking_event(app, make_parcel, clock):
    event = TrackingEvent(
        parcel=make_parcel(),
        dedupe_key="carrier:evt-out",
        source="carrier_webhook",
        status=ParcelStatus.OUT_FOR_DELIVERY,
        occurred_at=clock(),
    )
    db.session.add(event)
    db.session.commit()
    db.session.add_all([ResidentMessage(tracking_event_id=event.id) for _ in range(2)])
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_wrong_code_is_counted_once_per_phone_record(app, make_parcel):
    parcel = make_parcel()
    db.session.add_all(
        [WrongCode(parcel_id=parcel.id, client_event_id="phone-record-1") for _ in range(2)]
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("counter", ["verification_failures", "failed_attempts"])
def test_a_parcels_counters_never_go_below_zero(app, make_parcel, counter):
    parcel = make_parcel()
    setattr(parcel, counter, -1)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
