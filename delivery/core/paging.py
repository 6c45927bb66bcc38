"""One page of a long list: its rows, its number, and how many pages and rows there are."""

from dataclasses import dataclass

import sqlalchemy as sa

from delivery.core.database import db

PAGE_SIZE = 50


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
