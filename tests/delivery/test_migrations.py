"""The migrations build the schema the models describe, on PostgreSQL and on SQLite."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from delivery.extensions import db

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
