"""Read statements for the hottest public paths, run straight on the database driver.

A Core statement is compiled once per database dialect, so it stays portable (PostgreSQL and
SQLite), and is then executed on the driver outside any transaction, on connections of the
"reads" bind that stay in autocommit (see delivery.core.settings). Each value
goes through its column type's result processor, so enums, aware UTC datetimes and booleans
come back exactly as through a Session. Skipping the engine's per-call execution context,
result metadata and BEGIN/ROLLBACK makes a lookup about half as costly (see
bench/bench_tracking.py); writes never take this path.

On PostgreSQL each statement is prepared once per connection, under a name of its own, and
run through psycopg's libpq wrapper (`psycopg.pq`), with psycopg's own adapters turning the
parameters into text and the result back into Python values. That skips the Python layers of
psycopg's cursor, which cost more than the rest of a lookup's database work on the client.
Each thread keeps its own connection for these reads rather than taking one from the pool
for every lookup (see KeptConnections).
"""

import hashlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.errors import error_from_result
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import Pool

from delivery.core.database import db
from delivery.core.settings import READS_BIND

CURSOR_KEY = "driver_read_cursor"
PREPARED_KEY = "driver_read_prepared"


@dataclass(frozen=True)
class CompiledRead:
    sql: str
    parameter_order: tuple[str, ...] | None  # for drivers taking positional parameters
    fixed_parameters: dict[str, Any]  # the statement's own constants, as the driver takes them
    bind_processors: dict[str, Callable[[Any], Any]]
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns that have one
    row_type: type[NamedTuple]
    prepared_name: bytes | None = None  # PostgreSQL: the name it is prepared under


class DriverRead:
    """A SELECT, ready to run on any dialect's driver with a few named parameters."""

    def __init__(self, statement: sa.Select | sa.CompoundSelect, name: str) -> None:
        self.statement = statement
        self.name = name
        self.compiled: dict[Dialect, CompiledRead] = {}

    def rows(self, parameters: dict[str, Any]) -> list[NamedTuple]:
        """Run the statement and return its rows as named tuples of processed values."""
        engine = reads_engine()
        compiled = self.compiled.get(engine.dialect) or self.compile_for(engine.dialect)
        values = compiled.fixed_parameters | {
            name: driver_value(compiled.bind_processors.get(name), value)
            for name, value in parameters.items()
        }
        if compiled.parameter_order is not None:
            values = tuple(values[name] for name in compiled.parameter_order)
        try:
            fetched = fetch_all(engine, compiled, values)
        except ConnectionDropped:
            fetched = fetch_all(engine, compiled, values)  # once more, on a fresh connection
        return [compiled.row_type._make(processed(row, compiled.processors)) for row in fetched]

    def compile_for(self, dialect: Dialect) -> CompiledRead:
        """Compile once for the dialect: its SQL, parameter order and result processors."""
        prepared = dialect.driver == "psycopg"
        # A prepared statement numbers its parameters ($1, $2…) where psycopg names them.
        compiled = self.statement.compile(
            dialect=type(dialect)(paramstyle="numeric_dollar") if prepared else dialect
        )
        bind_processors = {
            name: processor
            for name, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))
        }
        fixed = {
            name: driver_value(bind_processors.get(name), value)
            for name, value in compiled.construct_params(_check=False).items()
            if value is not None
        }
        columns = list(self.statement.selected_columns)
        self.compiled[dialect] = CompiledRead(
            sql=compiled.string,
            parameter_order=tuple(compiled.positiontup) if compiled.positional else None,
            fixed_parameters=fixed,
            bind_processors=bind_processors,
            processors=tuple(
                (position, processor)
                for position, column in enumerate(columns)
                if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))
            ),
            row_type=NamedTuple(self.name, [(column.key, Any) for column in columns]),
            prepared_name=statement_name(compiled.string) if prepared else None,
        )
        return self.compiled[dialect]


def statement_name(sql: str) -> bytes:
    """A name for the prepared statement, the same for the same SQL in every process."""
    return b"antar_read_" + hashlib.sha256(sql.encode()).hexdigest()[:16].encode()


def processed(row: tuple, processors: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list:
    """The row's values, each through its column's result processor (NULL stays None)."""
    values = list(row)
    for position, process in processors:
        if values[position] is not None:
            values[position] = process(values[position])
    return values


def fetch_all(engine: sa.Engine, compiled: CompiledRead, values: dict | tuple) -> list[tuple]:
    with driver_connection(engine) as (connection, info):
        if compiled.prepared_name is not None:
            return run_prepared(connection, info, compiled, values)
        cursor = info.get(CURSOR_KEY)
        if cursor is None:
            cursor = info[CURSOR_KEY] = connection.cursor()
        cursor.execute(compiled.sql, values)
        return cursor.fetchall()


def run_prepared(connection, info: dict, compiled: CompiledRead, values: tuple) -> list[tuple]:
    """Run the statement prepared on this psycopg connection (preparing it the first time)."""
    pgconn = connection.pgconn
    prepared = info.setdefault(PREPARED_KEY, set())
    if compiled.prepared_name not in prepared:
        succeeded(pgconn.prepare(compiled.prepared_name, compiled.sql.encode()), connection)
        prepared.add(compiled.prepared_name)
    adapt = Transformer(connection)
    parameters = adapt.dump_sequence(values, [PyFormat.TEXT] * len(values))
    result = succeeded(pgconn.exec_prepared(compiled.prepared_name, parameters), connection)
    adapt.set_pgresult(result)
    return adapt.load_rows(0, result.ntuples, tuple)


def succeeded(result, connection):
    """The libpq result, or psycopg's error for it (the same class psycopg would raise)."""
    if result.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
        raise error_from_result(result, encoding=connection.info.encoding)
    return result


class ConnectionDropped(Exception):
    """The database closed the pooled connection (a restart, say); it was thrown away."""


def driver_value(processor: Callable[[Any], Any] | None, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)


def reads_engine() -> sa.Engine:
    """The engine of the "reads" bind (an in-memory SQLite database has only the one)."""
    return db.engines.get(READS_BIND) or db.engine


@contextmanager
def driver_connection(engine: sa.Engine) -> Iterator[tuple[Any, dict]]:
    """A driver connection in autocommit, with the notes kept on it (the cursor or prepared
    statements of these reads). On PostgreSQL it is the thread's own kept connection (see
    KeptConnections); elsewhere it comes from the pool and goes back after. (An in-memory
    SQLite database has a single pool, whose connections read without starting a
    transaction.)

    A connection the database dropped (a restart, say) is thrown away rather than reused, as
    the engine itself would, and ConnectionDropped tells the caller it may try again."""
    if engine.dialect.driver == "psycopg":
        kept = KEPT.connection_for(engine)
        connection, info, give_back = kept.connection, kept.info, None
    else:
        pooled = engine.raw_connection()
        connection, info, give_back = pooled.dbapi_connection, pooled.info, pooled
    try:
        try:
            yield connection, info
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, connection, None):
                raise
            if give_back is None:
                KEPT.forget(engine)
            else:
                give_back.invalidate(error)
            raise ConnectionDropped from error
    finally:
        if give_back is not None:
            give_back.close()


@dataclass
class KeptConnection:
    connection: Any  # the driver's own connection, no longer the pool's
    info: dict
    process: int
    closers: list[weakref.finalize] = field(default_factory=list)

    def close(self) -> None:
        """Close it, once, unless it is a parent process's."""
        for closer in self.closers:
            closer.detach()
        if self.process == os.getpid():
            self.connection.close()


class KeptConnections(threading.local):
    """Each thread's own reads connection to PostgreSQL, kept open from one lookup to the next.

    Taking a connection from the pool and handing it back costs a lookup about as much Python
    as running its statement, so each thread takes one once and detaches it from the pool,
    whose limits then never wait on it. It is closed when its thread ends or its pool goes
    (the engine was disposed), and left alone in a forked child, whose parent still talks on
    it."""

    def __init__(self) -> None:
        self.by_pool: weakref.WeakKeyDictionary[Pool, KeptConnection] = weakref.WeakKeyDictionary()

    def connection_for(self, engine: sa.Engine) -> KeptConnection:
        kept = self.by_pool.get(engine.pool)
        if kept is None or kept.process != os.getpid():
            pooled = engine.raw_connection()
            pooled.detach()
            kept = KeptConnection(pooled.dbapi_connection, pooled.info, os.getpid())
            self.by_pool[engine.pool] = kept
            kept.closers = [
                weakref.finalize(owner, kept.close)
                for owner in (threading.current_thread(), engine.pool)
            ]
        return kept

    def forget(self, engine: sa.Engine) -> None:
        """Close and drop this thread's connection (the database dropped it, say)."""
        kept = self.by_pool.pop(engine.pool, None)
        if kept is not None:
            kept.close()


KEPT = KeptConnections()
