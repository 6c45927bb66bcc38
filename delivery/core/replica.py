"""Reads that may lag a little, served by a PostgreSQL streaming replica.

With ANTAR_DATABASE_REPLICA_URL set, a function decorated with `@may_lag` reads from the
replica: the resident lookup, the monthly reports, the staff dashboard, the supervisor's page.
Its plain SELECTs go there; writes, and every read of a session that has written, stay on the
primary (delivery.core.database.Session). Everything else reads the primary, as without one.

The read goes to the primary instead, and the log says why (never what was read), when the
replica cannot be reached, is further behind than ANTAR_REPLICA_MAX_LAG_SECONDS, or fails a
statement. Each process looks at the replica at most every ANTAR_REPLICA_CHECK_SECONDS and
keeps the answer that long. A look is one small query on the standby (a fraction of a
millisecond while it answers), but a replica host that drops packets costs the connect
timeout: kept for a few seconds, that is once per process per period, not once per page.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from flask import Flask, current_app

from delivery.core.database import HAS_WRITTEN, READS_MAY_LAG_ON, db

REPLICA_BIND = "replica"
EXTENSION = "antar_replica"
log = logging.getLogger(__name__)

# How far the standby is behind: nothing while it has replayed all it received (an idle
# primary sends nothing, so an idle standby is not behind), else the time since the last
# transaction it replayed was committed. Not in recovery: not a standby, nothing to wait for.
LAG_QUERY = sa.text(
    "SELECT pg_is_in_recovery() AS standby, CASE"
    " WHEN NOT pg_is_in_recovery() THEN 0"
    " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
    " END AS lag_seconds"
)


@dataclass(frozen=True)
class ReplicaState:
    """One look at the replica: whether reads may go there, and why not."""

    usable: bool
    lag_seconds: float | None = None
    error: str | None = None
    standby: bool | None = None
    failed_reading: bool = False
    checked_at: float = float("-inf")

    @property
    def trouble(self) -> str | None:
        """What kind of trouble keeps reads off the replica, if any."""
        if self.usable:
            return None
        if self.error:
            return "failing" if self.failed_reading else "unreachable"
        return "behind" if self.lag_seconds is not None else "lag unknown"

    def why_skipped(self, max_lag: float) -> str:
        if self.error and self.failed_reading:
            return f"a read there failed ({self.error})"
        if self.error:
            return f"it did not answer ({self.error})"
        if self.lag_seconds is None:
            return "its lag is unknown (not streaming yet)"
        return f"{self.lag_seconds:.1f} s behind, more than the {max_lag:g} s allowed"


NOT_LOOKED_AT_YET = ReplicaState(usable=False)


def init_app(app: Flask) -> None:
    """Keep this process's look at the replica, if the app has one."""
    if app.config["DATABASE_REPLICA_URL"]:
        app.extensions[EXTENSION] = ReplicaWatch()


def has_replica(app: Flask) -> bool:
    return EXTENSION in app.extensions


class ReplicaWatch:
    """This process's latest look at the replica, taken again once it is older than
    ANTAR_REPLICA_CHECK_SECONDS. One thread looks at a time; the others keep to the last look."""

    def __init__(self) -> None:
        self.latest = NOT_LOOKED_AT_YET
        self.looking = threading.Lock()

    def state(self, app: Flask) -> ReplicaState:
        latest = self.latest
        if time.monotonic() - latest.checked_at < app.config["REPLICA_CHECK_SECONDS"]:
            return latest
        if not self.looking.acquire(blocking=False):
            return latest
        try:
            return self.remember(app, look_at_replica(app))
        finally:
            self.looking.release()

    def remember(self, app: Flask, state: ReplicaState) -> ReplicaState:
        """Keep the look, and log when reads leave the replica (and why) or come back to it."""
        before, self.latest = self.latest, state
        trouble_before = None if before is NOT_LOOKED_AT_YET else before.trouble
        if state.trouble and state.trouble != trouble_before:
            why = state.why_skipped(app.config["REPLICA_MAX_LAG_SECONDS"])
            log.warning("read replica skipped, reads go to the primary: %s", why)
        elif state.usable and trouble_before:
            log.info("read replica in use again, %.1f s behind", state.lag_seconds)
        return state

    def note_failure(self, app: Flask, error: Exception) -> None:
        """A statement failed on the replica: read from the primary until the next look."""
        failure = failure_name(error)
        now = time.monotonic()
        self.remember(app, ReplicaState(False, error=failure, failed_reading=True, checked_at=now))


# What a read on the replica may fail with: an error of the server or the connection, or no
# connection of its pool free in time.
REPLICA_FAILURES = (sa.exc.DBAPIError, sa.exc.TimeoutError)


def look_at_replica(app: Flask) -> ReplicaState:
    """Ask the standby how far behind it is; unusable if it does not answer or is too late."""
    now = time.monotonic()
    try:
        with db.engines[REPLICA_BIND].connect() as connection:
            standby, lag = connection.execute(LAG_QUERY).one()
    except REPLICA_FAILURES as error:
        return ReplicaState(False, error=failure_name(error), checked_at=now)
    lag = None if lag is None else float(lag)
    usable = lag is not None and lag <= app.config["REPLICA_MAX_LAG_SECONDS"]
    return ReplicaState(usable, lag_seconds=lag, standby=standby, checked_at=now)


def failure_name(error: Exception) -> str:
    """The kind of failure, never its message (it may quote a statement's values)."""
    return type(error).__name__


P = ParamSpec("P")
R = TypeVar("R")


def may_lag(read: Callable[P, R]) -> Callable[P, R]:
    """Let the decorated function's reads come from the read replica, when there is one that
    answers and is close enough behind; else, and after a failure there, from the primary.

    Only for functions that read: a write inside still goes to the primary, and so does
    every read after it. Objects it loads stay in the session as the replica had them."""

    @functools.wraps(read)
    def read_from_replica_if_fresh(*args: P.args, **kwargs: P.kwargs) -> R:
        app, session = current_app._get_current_object(), db.session()
        replica = replica_for_reads(app, session)
        if replica is None:
            return read(*args, **kwargs)
        try:
            with reads_from(session, replica):
                return read(*args, **kwargs)
        except REPLICA_FAILURES as error:
            if session.info.get(HAS_WRITTEN):
                raise  # something was written: never run the read a second time
            session.rollback()
            app.extensions[EXTENSION].note_failure(app, error)
            return read(*args, **kwargs)

    return read_from_replica_if_fresh


@contextmanager
def write_not_read_back() -> Iterator[None]:
    """Let the session write something that none of its later reads looks at (the moment an
    API token was last used) without keeping those reads on the primary."""
    session = db.session()
    had_written = session.info.get(HAS_WRITTEN, False)
    try:
        yield
    finally:
        session.info[HAS_WRITTEN] = had_written


def replica_for_reads(app: Flask, session: sa.orm.Session) -> sa.Engine | None:
    """The replica's engine, if this session's reads may go there now: not inside another read
    that may lag, and not once the session has written or holds changes it has not written."""
    if not has_replica(app) or READS_MAY_LAG_ON in session.info:
        return None
    if session.info.get(HAS_WRITTEN) or session.new or session.dirty or session.deleted:
        return None
    if not app.extensions[EXTENSION].state(app).usable:
        return None
    return db.engines[REPLICA_BIND]


@contextmanager
def reads_from(session: sa.orm.Session, engine: sa.Engine) -> Iterator[None]:
    """Send the session's plain reads to the engine while the `with` block runs."""
    session.info[READS_MAY_LAG_ON] = engine
    try:
        yield
    finally:
        del session.info[READS_MAY_LAG_ON]


def replica_health(app: Flask) -> dict | None:
    """The replica's part of the health report: this process's latest look at it (taken now
    if it is older than ANTAR_REPLICA_CHECK_SECONDS, so a busy health check adds no load)."""
    if not has_replica(app):
        return None
    state = app.extensions[EXTENSION].state(app)
    if state.error:
        return {"status": "down", "error": state.error, "reads_from": "primary"}
    return {
        "status": HEALTH_STATUS[state.trouble],
        "lag_seconds": None if state.lag_seconds is None else round(state.lag_seconds, 3),
        "max_lag_seconds": app.config["REPLICA_MAX_LAG_SECONDS"],
        "standby": state.standby,
        "reads_from": "replica" if state.usable else "primary",
    }


HEALTH_STATUS = {None: "ok", "behind": "behind", "lag unknown": "unknown"}
