"""The demo data loads once, passes intake's checks, its sign-ins work, its parcels play every
sandbox story, and a demo user finishes a delivery at the door with the code the demo shows."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from delivery.cli import resident_message_printer
from delivery.core.extensions import db
from delivery.demo import DEMO_LOGINS, load_demo_data
from delivery.models import Document, DocumentStatus, EventSource, Office, Parcel, ParcelStatus
from delivery.parcels.events import Report, record_event
from postal_sandbox.stories import STORIES, choose_story
from tests.conftest import log_in
from tests.delivery.doorstep.conftest import Phone


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Jobs wait on Redis until the test runs them (the demo runs them on threads)."""
    return app_config | {"REDIS_URL": redis_url}


def signed_in(app, username: str):
    client = app.test_client()
    password, _role, _name = DEMO_LOGINS[username]
    assert log_in(client, username, password).status_code == 302
    return client


def test_demo_loads_once_with_working_sign_ins(app, client):
    assert load_demo_data() is True
    assert load_demo_data() is False
    office = db.session.scalar(sa.select(Office))
    assert office.regency == "Kabupaten Lampung Tengah"
    statuses = dict(
        db.session.execute(
            sa.select(Document.status, sa.func.count()).group_by(Document.status)
        ).all()
    )
    assert statuses[DocumentStatus.RECORDED] >= 15 and statuses[DocumentStatus.READY] >= 5
    password, _role, _name = DEMO_LOGINS["staf"]
    assert log_in(client, "staf", password).headers["Location"].endswith("/staff/")


def test_the_demo_parcels_play_every_sandbox_story(app):
    load_demo_data()
    parcels = db.session.scalars(sa.select(Parcel)).all()
    assert {choose_story(None, parcel.postal_code).name for parcel in parcels} == set(STORIES)
    assert all(parcel.status == ParcelStatus.READY for parcel in parcels)


def test_a_demo_user_delivers_at_the_door_with_the_code_the_demo_shows(
    app, run_jobs, clock, capsys
):
    load_demo_data()
    printer = resident_message_printer()
    parcel = db.session.scalars(sa.select(Parcel).order_by(Parcel.id)).first()
    for status in (ParcelStatus.SUBMITTED, ParcelStatus.IN_TRANSIT):  # as the carrier reports
        clock.advance(minutes=30)
        record_event(parcel, Report(status, clock.now, EventSource.CARRIER_WEBHOOK, status.value))
    db.session.commit()
    clock.advance(minutes=30)

    courier = signed_in(app, "kurir")
    phone = Phone(courier, clock)
    assert phone.take(parcel, occurred_at=clock.now.isoformat()).status_code == 201
    run_jobs()  # the message to the resident, with its one-time code

    shown = signed_in(app, "admin").get("/admin/messages").text
    code = re.search(rf"{parcel.tracking_code}.*?(\d{{6}})", shown, re.S).group(1)
    assert printer() == 1
    assert f"Berikan kode ini kepada kurir: {code}" in capsys.readouterr().out

    clock.advance(minutes=20)
    delivered = phone.deliver(
        parcel,
        code,
        occurred_at=(clock.now - timedelta(minutes=1)).isoformat(),
        receiver_name=parcel.recipient_name,
        relation="holder",
    )
    assert delivered.status_code == 201, delivered.json
    db.session.refresh(parcel)
    assert parcel.status == ParcelStatus.DELIVERED
