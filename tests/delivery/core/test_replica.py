"""Reads that may lag come from a real streaming replica, and from the primary while the
replica is down or too far behind; a read after a write in the same request stays on the
primary.

The module starts its own PostgreSQL primary and a standby cloned with `pg_basebackup -R`, in
a temporary folder and on free ports, and stops both at the end."""

import contextvars
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.core.replica import REPLICA_BIND
from delivery.models import ApiToken, Office, Role
from delivery.reports.periods import Month
from delivery.reports.queries import monthly_report
from tests.conftest import migrate_to_head, truncate_all
from tests.delivery.processes import free_port, wait_until
from tests.delivery.resident.household import BUDI_BORN, household_parcel
from tests.factories import signed_in_client


def server_programs() -> Path | None:
    """Where initdb, pg_ctl and pg_basebackup are, if they are installed."""
    if not shutil.which("pg_config"):
        return None
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    folder = Path(found.stdout.strip())
    programs = ("initdb", "pg_ctl", "pg_basebackup")
    return folder if all((folder / program).is_file() for program in programs) else None


def can_run_servers_as_postgres() -> bool:
    """As root, the servers run as the `postgres` user (PostgreSQL refuses root)."""
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


PROGRAMS = server_programs()
AS_ROOT = os.geteuid() == 0
pytestmark = pytest.mark.skipif(
    PROGRAMS is None or (AS_ROOT and not can_run_servers_as_postgres()),
    reason="the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed",
)
MAY = Month(2026, 5)  # the household parcel's documents are recorded in May 2026
REPORT = f"/api/v1/reports/monthly?month={MAY}"


class Server:
    """One PostgreSQL server of the test's own, run by the `postgres` user."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / f"data-{port}"

    @property
    def log(self) -> Path:
        return self.folder / f"server-{self.port}.log"

    def run(self, program: str, *arguments: str) -> None:
        """Run a server program; if it fails, say what it and the server's log said."""
        command = [str(PROGRAMS / program), *arguments]
        if AS_ROOT:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            server_log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise AssertionError(f"{program} failed: {done.stderr}{done.stdout}\n{server_log}")

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.configure("wal_level = replica", "max_wal_senders = 4", "fsync = off")
        self.listen_on_its_port()

    def clone(self, primary: "Server") -> None:
        """Copy the primary as a standby that streams from it (`-R` writes the settings)."""
        source = ("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres")
        self.run("pg_basebackup", *source, "-D", str(self.data), "-R", "-c", "fast", "--no-sync")
        self.listen_on_its_port()

    def listen_on_its_port(self) -> None:
        self.configure(
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.folder}'",
        )

    def configure(self, *lines: str) -> None:
        with (self.data / "postgresql.conf").open("a") as settings:
            settings.write("\n".join(lines) + "\n")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "start")

    def stop(self) -> None:
        if self.is_running():
            self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "antar") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str, **values) -> object:
        """Ask this server one thing, as the superuser, outside the app."""
        engine = sa.create_engine(
            self.url("postgres").replace("postgresql:", "postgresql+psycopg:"),
            poolclass=sa.pool.NullPool,
            isolation_level="AUTOCOMMIT",
        )
        with engine.connect() as connection:
            result = connection.execute(sa.text(sql), values)
            return result.scalar() if result.returns_rows else None


class StreamingPair:
    """A primary, its streaming standby, and what a test does to them."""

    def __init__(self, primary: Server, replica: Server) -> None:
        self.primary, self.replica = primary, replica

    def wait_for_replay(self) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        written = self.primary.query("SELECT pg_current_wal_lsn()::text")
        check = "SELECT pg_last_wal_replay_lsn() >= CAST(:written AS pg_lsn)"
        caught_up = lambda: self.replica.query(check, written=written)  # noqa: E731
        wait_until(caught_up, 20, "the standby's replay")

    def pause_replay(self) -> None:
        self.replica.query("SELECT pg_wal_replay_pause()")
        paused = "SELECT pg_get_wal_replay_pause_state() = 'paused'"
        wait_until(lambda: self.replica.query(paused), 20, "the pause of the standby's replay")

    def wait_until_behind(self, seconds: float) -> None:
        """Wait until the paused standby has received what the primary wrote, and the last
        transaction it replayed is older than `seconds`."""
        written = self.primary.query("SELECT pg_current_wal_lsn()::text")
        received = "SELECT pg_last_wal_receive_lsn() >= CAST(:written AS pg_lsn)"
        wait_until(lambda: self.replica.query(received, written=written), 20, "streaming")
        behind = (
            "SELECT clock_timestamp() - pg_last_xact_replay_timestamp()"
            " > make_interval(secs => :seconds)"
        )
        wait_until(lambda: self.replica.query(behind, seconds=seconds), 20, "the standby's lag")

    def restore(self) -> None:
        """Start the standby if a test stopped it, and let it replay again."""
        if not self.replica.is_running():
            self.replica.start()
        self.replica.query("SELECT pg_wal_replay_resume()")
        self.wait_for_replay()


def two_free_ports() -> tuple[int, int]:
    first = free_port()
    second = free_port()
    while second == first:
        second = free_port()
    return first, second


@pytest.fixture(scope="module")
def streaming_pair() -> Iterator[StreamingPair]:
    """A primary with the migrated schema and a standby streaming from it; both stopped after."""
    folder = Path(tempfile.mkdtemp(prefix="antar-replica-"))
    if AS_ROOT:
        shutil.chown(folder, "postgres", "postgres")
    primary_port, replica_port = two_free_ports()
    pair = StreamingPair(Server(folder, primary_port), Server(folder, replica_port))
    try:
        pair.primary.create()
        pair.primary.start()
        pair.primary.query("CREATE DATABASE antar")
        pair.replica.clone(pair.primary)
        pair.replica.start()
        migrate_to_head(pair.primary.url())
        yield pair
    finally:
        try:
            pair.replica.stop()
        finally:
            pair.primary.stop()
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pair(streaming_pair) -> StreamingPair:
    streaming_pair.restore()
    return streaming_pair


@pytest.fixture
def database_url(pair) -> Iterator[str]:
    """The app's database is the pair's primary, emptied after each test."""
    yield pair.primary.url()
    truncate_all(pair.primary.url())


@pytest.fixture
def app_config(app_config, pair) -> dict:
    """Reads that may lag go to the standby; it is looked at before every such read here."""
    return app_config | {
        "DATABASE_REPLICA_URL": pair.replica.url(),
        "REPLICA_CHECK_SECONDS": 0,
        "REPLICA_MAX_LAG_SECONDS": 3600,
    }


class Statements:
    """The statements each of the app's engines ran, the replica's own lag checks left out."""

    def __init__(self) -> None:
        self.on: dict[str, list[str]] = {"primary": [], "replica": []}

    def listen(self, engine: sa.Engine, name: str) -> None:
        def note(connection, cursor, statement, *rest) -> None:
            if "pg_is_in_recovery" not in statement:
                self.on[name].append(statement)

        sa.event.listen(engine, "before_cursor_execute", note)

    def clear(self) -> None:
        for seen in self.on.values():
            seen.clear()

    def lookups_on(self, name: str) -> int:
        """The lookup is the one statement that compares a holder's birth digits."""
        return sum("holder_nik" in statement for statement in self.on[name])


@pytest.fixture
def statements(app) -> Statements:
    seen = Statements()
    seen.listen(db.engines[None], "primary")
    seen.listen(db.engines[REPLICA_BIND], "replica")
    return seen


@pytest.fixture
def parcel(app, clock, make_parcel, make_document):
    return household_parcel(make_parcel, make_document, clock)


@pytest.fixture
def report_token(make_user) -> dict[str, str]:
    token, plain = ApiToken.issue(make_user(Role.STAFF), "reports")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def supervisor_client(app, make_user):
    supervisor = make_user(Role.SUPERVISOR, password="supervisor-password-1")
    return signed_in_client(app, supervisor, "supervisor-password-1")


@pytest.fixture
def track(client):
    def post(code: str, born: date):
        from tests.conftest import csrf_token

        form = {"code": code, "day": born.day, "month": born.month, "year": born.year}
        return client.post("/track", data=form | {"csrf_token": csrf_token(client, "/")})

    return post


def documents_in_report(client, token) -> int:
    answer = client.get(REPORT, headers=token)
    assert answer.status_code == 200
    return answer.json["total"]["documents_received"]


def test_the_lookup_the_report_and_the_dashboard_are_read_from_the_replica(
    pair, parcel, track, client, report_token, staff_client, supervisor_client, statements
):
    code = parcel.tracking_code
    pair.wait_for_replay()
    statements.clear()

    lookup = track(code, BUDI_BORN)

    assert lookup.status_code == 200
    assert code in lookup.get_data(as_text=True)
    assert "B*** S******" in lookup.get_data(as_text=True)
    assert (statements.lookups_on("replica"), statements.lookups_on("primary")) == (1, 0)
    statements.clear()
    assert documents_in_report(client, report_token) == 2  # Budi's and Sri's
    assert statements.on["replica"] != []
    statements.clear()
    assert staff_client.get("/staff/").status_code == 200
    assert statements.on["replica"] != []
    statements.clear()
    assert supervisor_client.get("/supervisor/").status_code == 200
    assert statements.on["replica"] != []


def test_a_paused_replica_serves_what_it_has_until_it_is_too_far_behind(
    app, pair, parcel, make_document, client, report_token, statements, caplog
):
    pair.wait_for_replay()
    pair.pause_replay()
    make_document(holder_name="Wati Lestari")  # recorded on the primary only, for now

    assert documents_in_report(client, report_token) == 2  # the replica has not replayed it

    app.config["REPLICA_MAX_LAG_SECONDS"] = 1
    pair.wait_until_behind(1)
    statements.clear()
    with caplog.at_level(logging.WARNING, logger="delivery.core.replica"):
        assert documents_in_report(client, report_token) == 3
    assert statements.on["replica"] == []
    assert "read replica skipped" in caplog.text and "behind" in caplog.text
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json["checks"]["replica"]["status"] == "behind"
    assert health.json["checks"]["replica"]["reads_from"] == "primary"

    pair.restore()
    statements.clear()
    assert documents_in_report(client, report_token) == 3
    assert statements.on["replica"] != []


def test_with_the_replica_stopped_the_primary_answers(
    app, pair, parcel, track, client, report_token, statements, caplog
):
    code = parcel.tracking_code
    pair.wait_for_replay()
    assert track(code, BUDI_BORN).status_code == 200  # the replica answers, and is trusted
    app.config["REPLICA_CHECK_SECONDS"] = 3600  # so long that nobody looks at it again

    pair.replica.stop()
    statements.clear()
    with caplog.at_level(logging.WARNING, logger="delivery.core.replica"):
        lookup = track(code, BUDI_BORN)  # its pooled connection fails: read again
        assert documents_in_report(client, report_token) == 2

    assert lookup.status_code == 200 and "B*** S******" in lookup.get_data(as_text=True)
    assert statements.lookups_on("primary") == 1
    assert "read replica skipped" in caplog.text
    assert "a read there failed (OperationalError)" in caplog.text
    assert code not in caplog.text
    app.config["REPLICA_CHECK_SECONDS"] = 0
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.json["status"] == "ok"
    assert health.json["checks"]["replica"] == {
        "status": "down",
        "error": "OperationalError",
        "reads_from": "primary",
    }
    assert track(code, BUDI_BORN).status_code == 200


def in_a_request_of_its_own(app, work):
    """Run the work as a request does: in contexts (and so a session) of its own."""

    def run():
        with app.test_request_context("/"):
            return work()

    return contextvars.Context().run(run)


def test_a_read_after_a_write_in_the_same_request_stays_on_the_primary(
    app, pair, parcel, make_document, statements
):
    office_id = parcel.office_id
    pair.wait_for_replay()
    pair.pause_replay()
    statements.clear()

    def record_then_report():
        office = db.session.get(Office, office_id)
        make_document(office=office, holder_name="Wati Lestari")
        return monthly_report(office, MAY).office_total.documents_received

    def report_only():
        return monthly_report(
            db.session.get(Office, office_id), MAY
        ).office_total.documents_received

    assert in_a_request_of_its_own(app, record_then_report) == 3
    assert statements.on["replica"] == []
    assert in_a_request_of_its_own(app, report_only) == 2  # no write here: the paused replica
