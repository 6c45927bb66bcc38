"""SQL expressions the figures need that PostgreSQL and SQLite spell differently.

SQLite keeps timestamps as UTC text and knows no time zones, so it shifts by the zone's
offset at a given moment; Indonesia's zones (WIB, WITA, WIT) keep one offset all year.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from delivery.core.database import UTCDateTime

SECONDS_PER_DAY = 86400


def instant(moment: datetime) -> sa.ColumnElement:
    """A moment as a bound timestamp stored the way the tables store theirs."""
    return sa.literal(moment, UTCDateTime())


class local_date(FunctionElement):  # noqa: N801  (reads as the SQL function it is)
    """The calendar date of a UTC timestamp on the clocks of a time zone."""

    type = sa.String()
    inherit_cache = True

    def __init__(self, timestamp, zone: ZoneInfo, at: datetime) -> None:
        offset = zone.utcoffset(at.replace(tzinfo=None))
        minutes = int(offset.total_seconds() // 60) if offset else 0
        super().__init__(timestamp, sa.literal(zone.key), sa.literal(f"{minutes:+d} minutes"))


@compiles(local_date, "postgresql")
def local_date_postgresql(element, compiler, **kw) -> str:
    timestamp, zone, _offset = list(element.clauses)
    return (
        f"to_char(timezone({compiler.process(zone, **kw)}, {compiler.process(timestamp, **kw)}),"
        " 'YYYY-MM-DD')"
    )


@compiles(local_date, "sqlite")
def local_date_sqlite(element, compiler, **kw) -> str:
    timestamp, _zone, offset = list(element.clauses)
    return f"date({compiler.process(timestamp, **kw)}, {compiler.process(offset, **kw)})"


class days_between(FunctionElement):  # noqa: N801
    """The days (with their fraction) from one timestamp to a later one."""

    type = sa.Float()
    inherit_cache = True


@compiles(days_between, "postgresql")
def days_between_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / {SECONDS_PER_DAY})"


@compiles(days_between, "sqlite")
def days_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"
