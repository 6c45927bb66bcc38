"""Looking offices up."""

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import Office, User


def office_by_code(code: str) -> Office | None:
    return db.session.scalar(sa.select(Office).filter_by(code=code.strip().upper()))


def offices_with_people() -> list[tuple[Office, int]]:
    """Every office, by code, with how many active accounts it has."""
    people = (
        sa.select(sa.func.count(User.id))
        .where(User.office_id == Office.id, User.active)
        .scalar_subquery()
    )
    return [
        tuple(row) for row in db.session.execute(sa.select(Office, people).order_by(Office.code))
    ]
