"""Fixtures shared by the app's tests: databases, the app, clients per role, factories.

Database tests run on PostgreSQL by default; tests marked `both_databases` run on SQLite too.
PostgreSQL and Redis are real servers; without them the tests skip, except under CI=true,
where they fail.
"""

import contextvars
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from delivery import create_app
from delivery.core.extensions import db

POSTGRES_URL = os.environ.get(
    "ANTAR_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("ANTAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BACKENDS = ("postgresql", "sqlite")

pytest_plugins = ["tests.factories"]


def missing_service(what: str, error: Exception) -> None:
    """Skip when a service is missing on a developer's machine; fail under CI."""
    message = f"{what} is not reachable: {error}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "both_databases: run on PostgreSQL and on SQLite")


def pytest_generate_tests(metafunc) -> None:
    """Run the tests marked `both_databases` once per backend."""
    if "database_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_databases"
    ):
        metafunc.parametrize("database_backend", BACKENDS, indirect=True)


@pytest.fixture
def database_backend(request) -> str:
    """PostgreSQL, unless the test runs on every backend."""
    return getattr(request, "param", BACKENDS[0])


class MovableClock:
    """The app's clock in tests: starts at the real time and moves only when told."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def migrate_to_head(url: str) -> None:
    """Build the schema with the migrations, exactly as `flask db upgrade` does."""
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL database rebuilt once per session from the migrations."""
    engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as error:
        missing_service("PostgreSQL", error)
    finally:
        engine.dispose()
    migrate_to_head(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """A migrated SQLite file that each test copies, so every test starts empty."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    migrate_to_head(f"sqlite:///{path}")
    return str(path)


def truncate_all(url: str) -> None:
    """Empty every table (TRUNCATE is allowed on the append-only audit trail)."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(request, database_backend, tmp_path) -> Iterator[str]:
    """An empty, migrated database of the test's backend."""
    if database_backend == "sqlite":
        path = tmp_path / "antar.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    truncate_all(url)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app_config(database_url, clock, tmp_path) -> dict:
    """Settings of the test app; a test may change them before asking for `app`."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "CLOCK": clock,
        "PUBLIC_BASE_URL": "https://antar.test",
        "RATELIMIT_ENABLED": False,
    }


class ClientWithServerContexts(FlaskClient):
    """Serve each request in fresh contexts, as a real server does, not in the test's own."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app(app_config) -> Iterator:
    app = create_app(app_config)
    app.test_client_class = ClientWithServerContexts
    with app.app_context():
        yield app
        let_jobs_on_threads_finish(app)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def let_jobs_on_threads_finish(app, seconds: float = 5) -> None:
    """Wait a little for jobs running on the app's threads (embedded mode), so that none is
    still writing when the tables are emptied for the next test."""
    jobs = app.extensions.get("antar_queue")
    deadline = time.monotonic() + seconds
    while jobs is not None and jobs.live and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve the test app on a free loopback port for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis database, emptied before and after the test."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.flushdb()
    except RedisConnectionError as error:
        missing_service("Redis", error)
    yield REDIS_URL
    connection.flushdb()
    connection.close()


@pytest.fixture
def run_jobs(app, redis_url):
    """Run every queued job with a burst worker, in contexts of its own as a worker has."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    from delivery.core.jobs.queue import QUEUE_NAME

    connection = Redis.from_url(redis_url)

    def work() -> None:
        with app.app_context():
            queue = Queue(QUEUE_NAME, connection=connection)
            SimpleWorker([queue], connection=connection).work(burst=True, logging_level="WARNING")

    def run() -> None:
        contextvars.Context().run(work)
        db.session.expire_all()

    yield run
    connection.close()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """Read the CSRF token a page gives its forms, as a browser would."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_FIELD.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, username: str, password: str):
    """Sign in through the login form."""
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )
