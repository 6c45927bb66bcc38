"""Read statements for the hottest public paths, run straight on the database driver.

A Core statement is compiled once per database dialect, so it stays portable (PostgreSQL and
SQLite), and is then executed on the driver's own cursor outside any transaction: on a pool of
its own whose connections stay in autocommit (the "reads" bind, see delivery.settings), each
keeping one cursor for these reads. Each value goes through its column type's result
processor, so enums, aware UTC datetimes and booleans come back exactly as through a Session.
Skipping the engine's per-call execution context, result metadata and BEGIN/ROLLBACK makes a
lookup about half as costly (see bench/bench_tracking.py); writes never take this path.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from delivery.database import db
from delivery.settings import READS_BIND

CURSOR_KEY = "driver_read_cursor"


@dataclass(frozen=True)
class CompiledRead:
    sql: str
    parameter_order: tuple[str, ...] | None  # for drivers taking positional parameters
    fixed_parameters: dict[str, Any]  # the statement's own constants, as the driver takes them
    bind_processors: dict[str, Callable[[Any], Any]]
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # the columns that have one
    row_type: type[NamedTuple]


class DriverRead:
    """A SELECT, ready to run on any dialect's driver with a few named parameters."""

    def __init__(self, statement: sa.Select | sa.CompoundSelect, name: str) -> None:
        self.statement = statement
        self.name = name
        self.compiled: dict[Dialect, CompiledRead] = {}

    def rows(self, parameters: dict[str, Any]) -> list[NamedTuple]:
        """Run the statement and return its rows as named tuples of processed values."""
        dialect = db.engine.dialect
        compiled = self.compiled.get(dialect) or self.compile_for(dialect)
        values = compiled.fixed_parameters | {
            name: driver_value(compiled.bind_processors.get(name), value)
            for name, value in parameters.items()
        }
        if compiled.parameter_order is not None:
            values = tuple(values[name] for name in compiled.parameter_order)
        try:
            fetched = fetch_all(compiled.sql, values)
        except ConnectionDropped:
            fetched = fetch_all(compiled.sql, values)  # once more, on a fresh connection
        return [compiled.row_type._make(processed(row, compiled.processors)) for row in fetched]

    def compile_for(self, dialect: Dialect) -> CompiledRead:
        """Compile once for the dialect: its SQL, parameter order and result processors."""
        compiled = self.statement.compile(dialect=dialect)
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
            parameter_order=tuple(compiled.positiontup) if dialect.positional else None,
            fixed_parameters=fixed,
            bind_processors=bind_processors,
            processors=tuple(
                (position, processor)
                for position, column in enumerate(columns)
                if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))
            ),
            row_type=NamedTuple(self.name, [(column.key, Any) for column in columns]),
        )
        return self.compiled[dialect]


def processed(row: tuple, processors: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list:
    """The row's values, each through its column's result processor (NULL stays None)."""
    values = list(row)
    for position, process in processors:
        if values[position] is not None:
            values[position] = process(values[position])
    return values


def fetch_all(sql: str, values: dict | tuple) -> list[tuple]:
    with driver_cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


class ConnectionDropped(Exception):
    """The database closed the pooled connection (a restart, say); it was thrown away."""


def driver_value(processor: Callable[[Any], Any] | None, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)


@contextmanager
def driver_cursor() -> Iterator[Any]:
    """The cursor of a pooled connection in autocommit; the connection goes back to the pool
    after. (An in-memory SQLite database has a single pool, whose connections read without
    starting a transaction.)

    A connection the database dropped (a restart, say) is thrown away rather than pooled, as
    the engine itself would, and ConnectionDropped tells the caller it may try again."""
    engine = db.engines.get(READS_BIND) or db.engine
    pooled = engine.raw_connection()
    try:
        cursor = pooled.info.get(CURSOR_KEY)
        if cursor is None:
            cursor = pooled.info[CURSOR_KEY] = pooled.cursor()
        try:
            yield cursor
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, pooled.dbapi_connection, cursor):
                raise
            pooled.invalidate(error)
            raise ConnectionDropped from error
    finally:
        pooled.close()
