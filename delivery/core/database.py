"""The database: declarative base, naming convention, portable column types, the session."""

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp, also on databases that store naive ones (SQLite)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC one is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_class: type[StrEnum]) -> sa.Enum:
    """Store a StrEnum by its value as a plain string column, portable across databases."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def office_rows_index(
    name: str, columns: list[str], *, included: list[str] = (), where: str | None = None
) -> sa.Index:
    """An index on some of a table's rows (those meeting `where`), with `included` columns
    carried in it on PostgreSQL so a count reads the index alone."""
    partial = {"postgresql_where": sa.text(where), "sqlite_where": sa.text(where)} if where else {}
    return sa.Index(name, *columns, postgresql_include=list(included), **partial)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


READS_MAY_LAG_ON = "antar.reads_may_lag_on"
"""`Session.info` key: the engine the session's plain reads go to while they may lag."""
HAS_WRITTEN = "antar.has_written"
"""`Session.info` key: the session has written, so it reads what it wrote, on the primary."""


class Session(FlaskSession):
    """The app's session. It reads from a replica only where delivery.core.replica lets it
    (`READS_MAY_LAG_ON`), and only plain SELECTs: anything else goes to the primary, and
    from the first write on, so does every read of the session (until the request ends)."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and not is_plain_read(clause):
            self.info[HAS_WRITTEN] = True  # a flush, a DML statement, or SQL it cannot tell
        elif bind is None and not self.info.get(HAS_WRITTEN):
            replica = self.info.get(READS_MAY_LAG_ON)
            if replica is not None:
                return replica
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def is_plain_read(clause) -> bool:
    return isinstance(clause, sa.Select | sa.CompoundSelect)


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
