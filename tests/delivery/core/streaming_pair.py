"""A PostgreSQL primary and its streaming standby of a test's own: `initdb`, `pg_ctl` and
`pg_basebackup -R` from `pg_config --bindir`, in a temporary folder and on free ports, run by
the `postgres` user when the tests run as root (PostgreSQL refuses root)."""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from tests.delivery.processes import free_port, wait_until


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
CAN_RUN = PROGRAMS is not None and (not AS_ROOT or can_run_servers_as_postgres())


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


@contextmanager
def started_pair() -> Iterator[StreamingPair]:
    """A primary with a database `antar` and a standby streaming from it; both stopped after,
    also when starting them fails."""
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
        yield pair
    finally:
        try:
            pair.replica.stop()
        finally:
            pair.primary.stop()
            shutil.rmtree(folder, ignore_errors=True)
