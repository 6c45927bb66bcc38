"""The migrations build the schema the models describe, on PostgreSQL and on SQLite."""

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from delivery.core.extensions import db
from delivery.models import ParcelStatus, TrackingEvent

pytestmark = pytest.mark.both_databases


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_downgrade_and_upgrade_round_trip(app):
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"parcel", "document", "audit_entry", "outbox_entry"} <= set(
        sa.inspect(db.engine).get_table_names()
    )


def test_database_refuses_to_rewrite_the_audit_trail(app):
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO audit_entry (occurred_at, actor_label, action, object_type, object_id)"
                " VALUES (CURRENT_TIMESTAMP, 'cli', 'test.write', 'office', '1')"
            )
        )
    for statement in ("UPDATE audit_entry SET action = 'forged'", "DELETE FROM audit_entry"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with db.engine.begin() as connection:
                connection.execute(sa.text(statement))
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT action FROM audit_entry")).scalar_one() == (
            "test.write"
        )


def test_events_once_put_aside_for_an_unknown_shipment_wait_for_it_again(app):
    downgrade(revision="5b7d2e9c4a10")
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO carrier_inbox_event"
                " (carrier_event_id, payload, received_at, processed_at, outcome)"
                " VALUES (:id, :payload, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :outcome)"
            ),
            [
                {"id": event_id, "payload": f'{{"shipment_id": "{shipment}"}}', "outcome": outcome}
                for event_id, shipment, outcome in [
                    ("evt-1", "shp_late", "unknown_shipment"),
                    ("evt-2", "shp_known", "applied"),
                ]
            ],
        )
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT carrier_shipment_id, processed_at IS NULL FROM carrier_inbox_event"
                " ORDER BY carrier_event_id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [("shp_late", True), ("shp_known", False)]


def test_messages_sent_and_wrong_codes_counted_are_read_from_the_audit_trail(
    app, make_parcel, clock
):
    parcel = make_parcel()
    events = [
        TrackingEvent(
            parcel=parcel,
            dedupe_key=f"carrier:{status.value}",
            source="carrier_webhook",
            status=status,
            occurred_at=clock(),
        )
        for status in (ParcelStatus.OUT_FOR_DELIVERY, ParcelStatus.ATTEMPT_FAILED)
    ]
    db.session.add_all(events)
    db.session.commit()
    parcel_id, told = parcel.id, events[0].id  # the failed attempt's message was never sent
    db.session.close()  # a transaction left open would hold the tables the migration alters
    downgrade(revision="5b0e2c7d9a41")
    audit = [  # one message noted twice (its job ran again), one phone record counted twice
        ("resident.notified", {"event_id": told, "status": "out_for_delivery"}),
        ("resident.notified", {"event_id": told, "status": "out_for_delivery"}),
        ("parcel.verification_failed", {"client_event_id": "phone-1", "failures": 1}),
        ("parcel.verification_failed", {"client_event_id": "phone-1", "failures": 1}),
        ("parcel.verification_failed", {"client_event_id": "phone-2", "failures": 2}),
        ("parcel.locked", {"locked": True}),
    ]
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO audit_entry (occurred_at, actor_label, action, object_type,"
                " object_id, after) VALUES (CURRENT_TIMESTAMP, 'job', :action, 'parcel', :id,"
                " :after)"
            ),
            [
                {"action": action, "id": str(parcel_id), "after": json.dumps(after)}
                for action, after in audit
            ],
        )
    upgrade()
    with db.engine.connect() as connection:
        messages = connection.execute(sa.text("SELECT tracking_event_id FROM resident_message"))
        codes = connection.execute(
            sa.text("SELECT parcel_id, client_event_id FROM wrong_code ORDER BY client_event_id")
        )
        assert messages.scalars().all() == [told]
        assert [tuple(row) for row in codes] == [(parcel_id, "phone-1"), (parcel_id, "phone-2")]
    downgrade(revision="5b0e2c7d9a41")
    assert not {"resident_message", "wrong_code"} & set(sa.inspect(db.engine).get_table_names())
    upgrade()
