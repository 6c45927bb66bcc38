"""Each office's report of the recent months, counted on a schedule.

Counting an office's month reads its month of rows, and the supervisors' page every office's;
a periodic task counts every office's current and previous month once every COUNT_EVERY (by
office, district and village, in a few statements for all offices), so the report and the
supervisors' page read one row per office. A month not counted yet is counted when asked for.
"""

from dataclasses import asdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import Office, OfficeMonthFigures
from delivery.models.office import DEFAULT_TIME_ZONE
from delivery.reports.figures import MonthlyReport
from delivery.reports.periods import Month
from delivery.reports.queries import count_reports

COUNT_EVERY = timedelta(minutes=10)


def recent_months(now: datetime) -> list[Month]:
    current = Month.containing(now, ZoneInfo(DEFAULT_TIME_ZONE))
    return [current.preceding(), current]


def count_recent_months() -> int:
    """Count every office's recent months again where the last count is older than
    COUNT_EVERY; return how many offices' months were counted."""
    now = utcnow()
    offices = list(db.session.scalars(sa.select(Office).order_by(Office.id)))
    counted = 0
    for month in recent_months(now):
        if not offices or not is_due(month, len(offices), now):
            continue
        store(month, count_reports(offices, month), now)
        counted += len(offices)
    db.session.commit()
    return counted


def is_due(month: Month, offices: int, now: datetime) -> bool:
    oldest, stored = db.session.execute(
        sa.select(sa.func.min(OfficeMonthFigures.counted_at), sa.func.count()).where(
            OfficeMonthFigures.month == str(month)
        )
    ).one()
    return stored < offices or oldest <= now - COUNT_EVERY


def store(month: Month, reports: dict[int, MonthlyReport], now: datetime) -> None:
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OfficeMonthFigures)
    statement = statement.on_conflict_do_update(
        index_elements=["office_id", "month"],
        set_={
            "total": statement.excluded.total,
            "figures": statement.excluded.figures,
            "counted_at": statement.excluded.counted_at,
        },
    )
    db.session.execute(
        statement,
        [
            {"office_id": office_id, "month": str(month), "counted_at": now}
            | {"total": asdict(report.office_total), "figures": report.stored_figures()}
            for office_id, report in reports.items()
        ],
    )
