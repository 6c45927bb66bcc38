"""Long lists shown a page at a time.

A page of a long list is found by where the page next to it ended (keyset pagination): the
link to the next page carries the key of the last row shown, an id or a (time, id), never
personal data. The database then reads one page from an index, however deep the page, and a
row added meanwhile shifts no row onto a second page. How many rows match is counted only up
to COUNT_CAP, so no page counts an office's whole history.

`page_of` keeps numbered pages for the short lists that still use them.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.database import db
from delivery.core.errors import DomainError

PAGE_SIZE = 50
COUNT_CAP = 10_000
CURSOR_NAMES = ("after", "before")  # the page after this key, or the one before it
LARGEST_ID = 2**31 - 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class ListOrder:
    """The order of a list: its key columns (the last one unique), newest or oldest first."""

    columns: tuple[sa.orm.InstrumentedAttribute, ...]
    descending: bool = True

    def key(self, row) -> str:
        """The cursor naming this row's place in the list."""
        return "_".join(key_text(getattr(row, column.key)) for column in self.columns)

    def read(self, text: str, field: str) -> tuple:
        """The key values a cursor names; refuse one no row of this list can have."""
        parts = text.split("_")
        if len(parts) != len(self.columns):
            raise bad_cursor(field)
        return tuple(
            key_value(part, column, field) for part, column in zip(parts, self.columns, strict=True)
        )


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: `after` a row's key (further down the list) or `before` it."""

    direction: str
    text: str


@dataclass(frozen=True)
class RowCount:
    """How many rows a list holds, exactly up to the cap; `capped` when there are more."""

    value: int
    capped: bool


@dataclass(frozen=True)
class Window:
    """The rows of one page and the cursors of the pages on either side (None at an end)."""

    rows: list
    earlier: str | None
    later: str | None
    count: RowCount

    @property
    def has_other_pages(self) -> bool:
        return self.earlier is not None or self.later is not None


def window_of(
    query: sa.Select, order: ListOrder, cursor: Cursor | None, size: int = PAGE_SIZE
) -> Window:
    """The page of the query's rows that the cursor names, or the first page without one; a
    cursor past either end of the list gives the first page."""
    key = order.read(cursor.text, cursor.direction) if cursor else None
    count = capped_count(query)
    if cursor and cursor.direction == "after":
        rows = fetch(query, order, key, size, forward=True)
        if rows:
            return Window(rows[:size], order.key(rows[0]), later_key(order, rows, size), count)
    elif cursor:
        rows = fetch(query, order, key, size, forward=False)
        if len(rows) >= size:  # else the rows before are fewer than a page: show the first
            shown = rows[:size][::-1]
            earlier = order.key(shown[0]) if len(rows) > size else None
            return Window(shown, earlier, order.key(shown[-1]), count)
    rows = fetch(query, order, None, size, forward=True)
    return Window(rows[:size], None, later_key(order, rows, size), count)


def later_key(order: ListOrder, rows: list, size: int) -> str | None:
    """The cursor of the page after these rows, fetched one beyond the page, if there is one."""
    return order.key(rows[size - 1]) if len(rows) > size else None


def fetch(query: sa.Select, order: ListOrder, key: tuple | None, size: int, forward: bool):
    """Up to size + 1 rows from the key on, in the list's order when forward, else against it."""
    descending = order.descending == forward
    if key is not None:
        values = [
            sa.literal(value, column.type) for value, column in zip(key, order.columns, strict=True)
        ]
        columns, values = sa.tuple_(*order.columns), sa.tuple_(*values)
        query = query.where(columns < values if descending else columns > values)
    sort = [column.desc() if descending else column.asc() for column in order.columns]
    return list(db.session.scalars(query.order_by(None).order_by(*sort).limit(size + 1)))


def capped_count(query: sa.Select) -> RowCount:
    """Count the query's rows, reading at most COUNT_CAP + 1 of them."""
    matching = query.order_by(None).with_only_columns(sa.literal(1)).limit(COUNT_CAP + 1)
    value = db.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery()))
    return RowCount(min(value, COUNT_CAP), value > COUNT_CAP)


def read_cursor(values) -> Cursor | None:
    """The cursor sent with a request (query string or form), if any."""
    for direction in CURSOR_NAMES:
        text = values.get(direction, "").strip()
        if text:
            return Cursor(direction, text)
    return None


def key_text(value) -> str:
    if isinstance(value, datetime):
        return str((value - EPOCH) // MICROSECOND)
    return str(value)


def key_value(text: str, column, field: str):
    """A cursor's part as the column's value: an id, or a time in microseconds since 1970."""
    if not (text.isascii() and text.isdigit() and len(text) <= 17):
        raise bad_cursor(field)
    number = int(text)
    if isinstance(column.type, sa.Integer):
        if not 0 < number <= LARGEST_ID:
            raise bad_cursor(field)
        return number
    return EPOCH + number * MICROSECOND


def bad_cursor(field: str) -> DomainError:
    return DomainError(_("This page link is not valid; open the list's first page."), field=field)


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    count: int
    total: int


def page_of(query: sa.Select, number: int, size: int = PAGE_SIZE) -> Page:
    """Return the page of the query's rows with this number; one past either end is the
    nearest page, so no number asks the database for an offset it cannot hold."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    count = max((total + size - 1) // size, 1)
    number = min(max(number, 1), count)
    rows = db.session.scalars(query.limit(size).offset((number - 1) * size)).all()
    return Page(list(rows), number, count, total)
