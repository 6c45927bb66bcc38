"""The national year the benchmark measures looks like what the app itself writes."""

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import Document, Office, Parcel, Shipment, User
from delivery.parcels.codes import is_valid_tracking_code
from delivery.parcels.events import count_failed_attempts, timeline
from delivery.parcels.lifecycle import may_move
from delivery.parcels.packing import household_key
from delivery.regions.checks import office_regency
from delivery.resident.form import read_identifier
from delivery.resident.lookup import TrackingRequest, find_parcel_for_resident
from postal_sandbox.book import s10_check_digit

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import national_data  # noqa: E402

PARCELS = 1200


@pytest.fixture
def national_year(database_url, app) -> str:
    national_data.build(database_url, PARCELS, chunk=500)
    db.session.expire_all()
    return database_url


def test_each_parcels_story_follows_the_lifecycle_to_where_it_stands(national_year):
    for parcel in db.session.scalars(sa.select(Parcel).order_by(Parcel.id)):
        applied = [event for event in timeline(parcel) if event.outcome.value == "applied"]
        status = "ready"
        for event in applied:
            assert event.status.value == status or may_move(
                type(event.status)(status), event.status
            )
            assert event.received_at >= event.occurred_at
            status = event.status.value
        assert status == parcel.status.value
        assert parcel.status_changed_at == (
            applied[-1].occurred_at if applied else parcel.created_at
        )
        assert parcel.failed_attempts == count_failed_attempts(parcel)
        assert all(document.created_at < parcel.created_at for document in parcel.documents)


def test_codes_tokens_and_keys_are_in_the_apps_formats(national_year):
    parcels = db.session.scalars(sa.select(Parcel)).all()
    assert all(is_valid_tracking_code(parcel.tracking_code) for parcel in parcels)
    assert all(len(parcel.qr_token) == 24 for parcel in parcels)
    for parcel in parcels[:300]:
        assert parcel.household_key == household_key(parcel.documents[0])
    for shipment in db.session.scalars(sa.select(Shipment)):
        serial = shipment.carrier_tracking_number[2:10]
        assert shipment.carrier_tracking_number == f"RR{serial}{s10_check_digit(serial)}ID"
        assert shipment.idempotency_key.startswith(f"antar-{shipment.parcel.office.code}-")


def test_a_year_of_the_whole_country_in_its_shares(national_year):
    offices = db.session.scalars(sa.select(Office)).all()
    assert len(offices) == 514
    assert all(office_regency(office) for office in offices[::50])
    statuses = Counter(db.session.scalars(sa.select(Parcel.status)))
    assert statuses["delivered"] > 0.7 * PARCELS
    assert {"returned", "collected", "ready", "in_transit", "attempt_failed"} <= set(statuses)
    documents = db.session.scalar(sa.select(sa.func.count()).select_from(Document))
    assert 1.1 * PARCELS < documents < 1.5 * PARCELS
    large = db.session.scalar(sa.select(Office).filter_by(code="3201"))
    in_large = db.session.scalar(sa.select(sa.func.count()).where(Parcel.office_id == large.id))
    assert 0.02 * PARCELS < in_large < 0.09 * PARCELS


def test_the_bench_staff_sign_in_and_residents_find_their_parcels(national_year):
    with psycopg.connect(national_year) as connection:
        sample = national_data.staff_sample(connection)
        pairs = national_data.resident_pairs(connection, 50)
    staff = db.session.scalar(sa.select(User).filter_by(username=sample.staff_username))
    assert staff.office_id == sample.office_id
    assert staff.check_password(sample.password)
    for pair in pairs:
        asked = TrackingRequest(
            read_identifier(pair["code"]), date.fromisoformat(pair["birth_date"])
        )
        assert find_parcel_for_resident(asked) is not None


def test_a_larger_year_adds_only_the_missing_parcels(national_year):
    first_codes = dict(db.session.execute(sa.select(Parcel.id, Parcel.tracking_code)).all())
    result = national_data.build(national_year, PARCELS + 300, chunk=500)
    assert (result.parcels_before, result.parcels) == (PARCELS, PARCELS + 300)
    assert result.rows["parcel"] == PARCELS + 300
    db.session.expire_all()
    kept = dict(
        db.session.execute(
            sa.select(Parcel.id, Parcel.tracking_code).where(Parcel.id <= PARCELS)
        ).all()
    )
    assert kept == first_codes
