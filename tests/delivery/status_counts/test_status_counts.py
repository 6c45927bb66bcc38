"""The counts per status on the dashboard and the lists equal a real count of the rows, after
every kind of write: the ORM, set-based statements, deletes, merges, and writers at once."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from delivery.core.database import db
from delivery.intake.operations import mark_ready
from delivery.models import (
    Document,
    DocumentStatus,
    EventSource,
    Parcel,
    ParcelStatus,
    StatusCountChange,
)
from delivery.parcels.events import Report, record_event
from delivery.parcels.packing import pack_household_parcels, unpack_parcel
from delivery.status_counts.operations import count_again, merge_changes
from delivery.status_counts.queries import document_counts, parcel_counts


@pytest.fixture
def app_config(app_config, redis_url):
    """Residents' messages wait in Redis: no job writes while a test's tables are emptied."""
    return app_config | {"REDIS_URL": redis_url}


def real_counts(office, model, statuses) -> dict:
    rows = db.session.execute(
        sa.select(model.status, sa.func.count())
        .where(model.office_id == office.id)
        .group_by(model.status)
    )
    return dict.fromkeys(statuses, 0) | dict(rows.all())


def assert_counts_are_real(*offices) -> None:
    db.session.expire_all()
    for office in offices:
        assert document_counts(office) == real_counts(office, Document, DocumentStatus)
        assert parcel_counts(office) == real_counts(office, Parcel, ParcelStatus)


def move(parcel, status, clock, key):
    return record_event(
        parcel,
        Report(status, clock.advance(minutes=1), EventSource.CARRIER_WEBHOOK, f"{key}:{status}"),
    )


@pytest.mark.both_databases
def test_counts_follow_every_kind_of_write(
    app, office, make_office, make_document, make_parcel, clock
):
    other = make_office(code="OTHER")
    documents = [make_document(kk_number=f"18020117051{n:05d}") for n in range(6)]
    make_document(office=other)
    assert_counts_are_real(office, other)
    assert document_counts(office)[DocumentStatus.RECORDED] == 6

    mark_ready(office, documents[:5], actor=None)
    parcels = pack_household_parcels(office, documents[:4])
    assert_counts_are_real(office, other)
    assert parcel_counts(office)[ParcelStatus.READY] == 4

    unpack_parcel(parcels[3])
    db.session.commit()
    for step, status in enumerate([ParcelStatus.SUBMITTED, ParcelStatus.IN_TRANSIT]):
        for parcel in parcels[:3]:
            move(parcel, status, clock, f"{parcel.id}-{step}")
    db.session.commit()
    merge_changes()
    assert_counts_are_real(office, other)
    assert parcel_counts(office)[ParcelStatus.IN_TRANSIT] == 3

    db.session.execute(  # a set-based change, as a batch or a bench writes it
        sa.update(Parcel)
        .where(Parcel.id.in_([parcels[0].id, parcels[1].id]))
        .values(status=ParcelStatus.OUT_FOR_DELIVERY)
    )
    db.session.execute(sa.delete(Document).where(Document.id == documents[5].id))
    db.session.commit()
    assert_counts_are_real(office, other)
    assert parcel_counts(office)[ParcelStatus.OUT_FOR_DELIVERY] == 2
    assert document_counts(office)[DocumentStatus.RECORDED] == 0

    merge_changes()
    merge_changes()
    assert_counts_are_real(office, other)
    kept = sum(
        1
        for place in (office, other)
        for counts in (document_counts(place), parcel_counts(place))
        for count in counts.values()
        if count
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StatusCountChange)) == kept


def test_counts_hold_while_workers_change_parcels_and_merge_at_once(
    app, office, make_parcel, clock
):
    parcels = [make_parcel() for _ in range(24)]
    parcel_ids = [parcel.id for parcel in parcels]
    path = [ParcelStatus.SUBMITTED, ParcelStatus.IN_TRANSIT, ParcelStatus.OUT_FOR_DELIVERY]
    start = threading.Barrier(5)
    errors: list[BaseException] = []

    def worker(share: list[int]) -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                for step, status in enumerate(path):
                    for parcel_id in share:
                        parcel = db.session.get(Parcel, parcel_id)
                        at = clock.now + timedelta(minutes=step + 1)
                        record_event(
                            parcel,
                            Report(status, at, EventSource.CARRIER_WEBHOOK, f"{parcel_id}:{step}"),
                        )
                        db.session.commit()
            except BaseException as error:  # noqa: BLE001  (reported by the test below)
                errors.append(error)

    def merger() -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                for _ in range(20):
                    merge_changes()
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

    shares = [parcel_ids[n::4] for n in range(4)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    threads.append(threading.Thread(target=merger))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert_counts_are_real(office)
    assert parcel_counts(office)[ParcelStatus.OUT_FOR_DELIVERY] == 24
    merge_changes()
    assert_counts_are_real(office)


@pytest.mark.both_databases
def test_counting_again_sets_the_counts_from_the_rows(app, office, make_parcel):
    make_parcel()
    db.session.execute(sa.delete(StatusCountChange))  # as if rows were loaded with triggers off
    db.session.commit()
    assert parcel_counts(office)[ParcelStatus.READY] == 0
    count_again()
    assert_counts_are_real(office)
    assert parcel_counts(office)[ParcelStatus.READY] == 1
