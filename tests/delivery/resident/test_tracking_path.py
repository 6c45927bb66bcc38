"""The lookup runs on the app's ordinary database path: its engine, its pool, its session."""

from collections.abc import Iterator

import pytest
import requests
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.parcels.codes import new_tracking_code
from tests.delivery.races import at_once
from tests.delivery.resident.household import BUDI_BORN, SRI_BORN


@pytest.fixture
def track_json(client):
    def post(code: str, born):
        return client.post("/api/v1/track", json={"code": code, "birth_date": str(born)})

    return post


OBSERVER = "antar-test-observer"


def outside_engine() -> sa.Engine:
    """Connections of our own, as another process (a migration, psql) would have."""
    return sa.create_engine(
        db.engine.url,
        poolclass=sa.pool.NullPool,
        connect_args={"application_name": OBSERVER},
    )


def database_sessions() -> set[int]:
    """The server processes connected to the test database, besides our own observers."""
    with outside_engine().connect() as other:
        pids = other.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name <> %(observer)s",
            {"observer": OBSERVER},
        )
        return {pid for (pid,) in pids}


def alter(statement: str) -> None:
    with outside_engine().begin() as other:
        other.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
        other.exec_driver_sql(statement)


@pytest.fixture
def holder_names_as_text() -> Iterator:
    """A migration to run mid-test: a column the lookup returns becomes unbounded text (from
    varchar(120)); undone afterwards."""
    yield lambda: alter("ALTER TABLE document ALTER COLUMN holder_name TYPE text")
    alter("ALTER TABLE document ALTER COLUMN holder_name TYPE varchar(120)")


def test_a_lookup_answers_right_after_a_migration_changes_a_column_it_returns(
    app, track_json, parcel, holder_names_as_text
):
    code = parcel.tracking_code
    db.session.commit()  # the test's own session holds no lock the migration would wait for
    for _ in range(8):  # past psycopg's threshold (5 runs) for preparing a statement
        assert track_json(code, BUDI_BORN).json["holders"] == ["B*** S******", "S** W******"]
    holder_names_as_text()
    answer = track_json(code, SRI_BORN)
    assert answer.status_code == 200
    assert answer.json["holders"] == ["B*** S******", "S** W******"]


@pytest.fixture
def statements_seen(app) -> Iterator[list[str]]:
    """Every statement the app's engine sends to the database, as its events report them."""
    seen: list[str] = []

    def note(connection, cursor, statement, *rest) -> None:
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", note)


@pytest.fixture(params=[False, True], ids=["limits-off", "limits-on"])
def limits(request, app_config) -> bool:
    """Rate limits off, or on (counted in memory) for the app about to be built."""
    app_config["RATELIMIT_ENABLED"] = request.param
    return request.param


@pytest.mark.both_databases
def test_every_statement_of_a_lookup_goes_through_the_apps_engine(
    limits, statements_seen, track_json, parcel
):
    code = parcel.tracking_code
    db.session.commit()  # the test's own session gives its connection back too
    statements_seen.clear()
    assert track_json(code, BUDI_BORN).status_code == 200
    assert track_json(new_tracking_code(), BUDI_BORN).status_code == 404
    assert track_json("LTG-2026-SRI01", SRI_BORN).status_code == 200
    birth_date_checks = [sql for sql in statements_seen if "holder_nik" in sql]
    assert len(birth_date_checks) == 3  # the one lookup statement of each request
    # with limits on, the parcel each lookup is counted against is found on the same engine
    assert len(statements_seen) == (6 if limits else 3)
    assert all(engine.pool.checkedout() == 0 for engine in db.engines.values())


def test_concurrent_lookups_use_only_connections_of_the_apps_pool(app, live_server, parcel):
    code = parcel.tracking_code
    db.session.commit()
    db.engine.dispose()  # from here on, every connection to the database is a new one
    opened: set[int] = set()
    sa.event.listen(
        db.engine, "connect", lambda connection, record: opened.add(connection.info.backend_pid)
    )
    seen_while_answering: set[int] = set()

    @app.after_request
    def note_database_sessions(response):
        seen_while_answering.update(database_sessions())
        return response

    def look_up():
        body = {"code": code, "birth_date": BUDI_BORN.isoformat()}
        return requests.post(f"{live_server}/api/v1/track", json=body, timeout=30)

    assert at_once(*[look_up] * 12) == [200] * 12
    assert seen_while_answering and seen_while_answering <= opened


@pytest.fixture
def errors_as_pages(app_config) -> None:
    """Unexpected errors answer 500, as in production, instead of reaching the test."""
    app_config["PROPAGATE_EXCEPTIONS"] = False


def test_after_the_database_drops_the_pools_connections_one_lookup_is_asked_to_retry(
    errors_as_pages, app, track_json, parcel
):
    """The pool does not ping a connection before each use (that round trip raised the lookup's
    p99 by more than half under the tracking benchmark): the lookup that meets a dropped
    connection is answered 503 with a time to retry, and the pool then replaces every
    connection it held."""
    code = parcel.tracking_code
    db.session.commit()
    assert track_json(code, BUDI_BORN).status_code == 200
    with outside_engine().connect() as other:  # as a database restart would
        other.exec_driver_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name <> %(observer)s",
            {"observer": OBSERVER},
        )
    answers = [track_json(code, BUDI_BORN) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [503, 200, 200]
    assert answers[0].headers["Retry-After"] == "5"
    assert answers[0].json["error"]["code"] == "unavailable"
