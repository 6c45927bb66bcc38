"""The read replica's settings, and an app whose replica never answers (no server programs
needed: the replica here is a port nobody listens on)."""

import logging

import pytest

from delivery import create_app
from delivery.core.extensions import db
from delivery.core.replica import REPLICA_BIND
from delivery.core.settings import ConfigurationError
from tests.delivery.processes import free_port

NOBODY_LISTENS = "postgresql://antar@127.0.0.1:{port}/antar"


def test_without_a_replica_url_the_app_has_one_database(app):
    assert list(db.engines) == [None]


def test_the_replica_gets_its_own_engine_that_gives_up_connecting_soon():
    app = create_app(
        {
            "DATABASE_URL": "postgresql://antar@db-primary.internal/antar",
            "DATABASE_REPLICA_URL": "postgresql://antar@db-replica.internal/antar",
            "REPLICA_CONNECT_TIMEOUT_SECONDS": 3,
        }
    )
    replica = app.config["SQLALCHEMY_BINDS"][REPLICA_BIND]
    assert replica["url"] == "postgresql+psycopg://antar@db-replica.internal/antar"
    assert replica["connect_args"] == {"options": "-c timezone=UTC", "connect_timeout": 3}


def test_in_production_the_replicas_errors_carry_no_parameters_either():
    app = create_app(
        {
            "MODE": "production",
            "SECRET_KEY": "a-long-random-production-secret",
            "CARRIER_WEBHOOK_SECRET": "shared-with-the-carrier",
            "DATABASE_URL": "postgresql://antar@db-primary.internal/antar",
            "DATABASE_REPLICA_URL": "postgresql://antar@db-replica.internal/antar",
        }
    )
    with app.app_context():
        assert db.engines[REPLICA_BIND].hide_parameters
        assert db.engines[None].hide_parameters


def test_a_replica_beside_an_embedded_sqlite_database_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="ANTAR_DATABASE_REPLICA_URL"):
        create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path}/antar.sqlite3",
                "DATABASE_REPLICA_URL": "postgresql://antar@db-replica.internal/antar",
            }
        )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REPLICA_MAX_LAG_SECONDS", "soon"),
        ("REPLICA_MAX_LAG_SECONDS", -1),
        ("REPLICA_CHECK_SECONDS", True),
        ("REPLICA_CONNECT_TIMEOUT_SECONDS", 0),
        ("REPLICA_CONNECT_TIMEOUT_SECONDS", 1.5),
    ],
)
def test_replica_timings_must_be_seconds(name, value):
    with pytest.raises(ConfigurationError, match=f"ANTAR_{name}"):
        create_app(
            {
                "DATABASE_URL": "postgresql://antar@db-primary.internal/antar",
                "DATABASE_REPLICA_URL": "postgresql://antar@db-replica.internal/antar",
                name: value,
            }
        )


@pytest.fixture
def unreachable_replica(app_config) -> None:
    """The app about to be built has a replica that never answers."""
    app_config["DATABASE_REPLICA_URL"] = NOBODY_LISTENS.format(port=free_port())


def test_while_the_replica_does_not_answer_pages_are_read_from_the_primary(
    unreachable_replica, staff_client, client, caplog
):
    with caplog.at_level(logging.WARNING, logger="delivery.core.replica"):
        dashboard = staff_client.get("/staff/")

    assert dashboard.status_code == 200
    assert "read replica skipped" in caplog.text
    assert "it did not answer (OperationalError)" in caplog.text
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.json["status"] == "ok"
    assert health.json["checks"]["replica"] == {
        "status": "down",
        "error": "OperationalError",
        "reads_from": "primary",
    }
