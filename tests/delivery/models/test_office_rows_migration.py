"""The migration that gives events and shipments their office fills it in for the rows already
there, and starts the counts per status from the rows themselves."""

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from delivery.core.extensions import db
from delivery.models import EventSource, ParcelStatus, Shipment
from delivery.parcels.events import Report, record_event
from delivery.status_counts.queries import document_counts, parcel_counts

pytestmark = pytest.mark.both_databases
BEFORE = "e4a7c19b2d63"


def test_upgrade_gives_old_rows_their_office_and_counts_them(
    app, office, make_office, make_parcel, make_document, clock
):
    other = make_office(code="OTHER")
    parcels = [
        make_parcel(),
        make_parcel(),
        make_parcel(office=other, documents=[make_document(office=other)]),
    ]
    make_document(office=other)
    for parcel in parcels:
        db.session.add(Shipment(parcel=parcel, idempotency_key=f"key-{parcel.id}"))
        record_event(
            parcel,
            Report(ParcelStatus.SUBMITTED, clock(), EventSource.STAFF, f"sent-{parcel.id}"),
        )
    db.session.commit()
    before = {place.id: (document_counts(place), parcel_counts(place)) for place in (office, other)}
    db.session.close()  # a transaction left open would hold the tables the migration alters

    downgrade(revision=BEFORE)
    upgrade()

    with db.engine.connect() as connection:
        for table in ("tracking_event", "shipment"):
            wrong = connection.execute(
                sa.text(
                    f"SELECT count(*) FROM {table} JOIN parcel ON parcel.id = {table}.parcel_id"
                    f" WHERE {table}.office_id IS NULL OR {table}.office_id <> parcel.office_id"
                )
            ).scalar_one()
            assert wrong == 0
            assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 3
    after = {place.id: (document_counts(place), parcel_counts(place)) for place in (office, other)}
    assert after == before
    assert after[office.id][1][ParcelStatus.SUBMITTED] == 2
