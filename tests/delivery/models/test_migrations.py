"""The migrations build the schema the models describe, on PostgreSQL and on SQLite."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from delivery.core.extensions import db

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
