"""/api/v1/health says which dependency is down, with 503, and never answers 500."""

import pytest

from delivery import create_app
from delivery.core.extensions import db
from delivery.models import CarrierInboxEvent, OutboxEntry
from tests.delivery.processes import free_port


def test_a_healthy_service_says_so_and_how_much_work_waits(app, client, redis_url):
    app.config["REDIS_URL"] = redis_url

    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "queue": {"status": "ok", "backend": "redis", "workers": 0, "jobs_waiting": 0},
        },
        "backlog": {
            "outbox_due": 0,
            "outbox_oldest_seconds": None,
            "carrier_events_waiting": 0,
            "carrier_event_oldest_seconds": None,
        },
    }


@pytest.mark.both_databases
def test_the_backlog_says_how_long_the_oldest_work_has_waited(client, clock):
    db.session.add(OutboxEntry(topic="dispatch.submit", payload={}))
    db.session.commit()
    clock.advance(seconds=30)
    db.session.add(CarrierInboxEvent(carrier_event_id="evt-1", payload={}))
    db.session.commit()
    clock.advance(seconds=90)

    backlog = client.get("/api/v1/health").json["backlog"]

    assert backlog == {
        "outbox_due": 1,
        "outbox_oldest_seconds": 120,
        "carrier_events_waiting": 1,
        "carrier_event_oldest_seconds": 90,
    }


def test_in_embedded_mode_the_queue_is_the_web_process(client):
    assert client.get("/api/v1/health").json["checks"]["queue"] == {
        "status": "ok",
        "backend": "in-process",
    }


def test_an_unreachable_redis_is_named(app, client):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"] == {
        "database": {"status": "ok"},
        "queue": {"status": "down", "error": "ConnectionError"},
    }


@pytest.fixture
def app_without_database(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"postgresql://antar@127.0.0.1:{free_port()}/antar",
            "SECRET_KEY": "test-secret",
        }
    )
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def test_an_unreachable_database_is_named(app_without_database):
    response = app_without_database.test_client().get("/api/v1/health")

    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {
            "database": {"status": "down", "error": "OperationalError"},
            "queue": {"status": "ok", "backend": "in-process"},
        },
    }
