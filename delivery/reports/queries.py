"""Reading the month's figures: one office by district and village, or offices side by side."""

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from itertools import groupby

import sqlalchemy as sa

from delivery.core.clock import office_zone, utcnow
from delivery.core.database import db
from delivery.core.replica import may_lag
from delivery.models import Office, OfficeMonthFigures, ParcelStatus, User
from delivery.reports import counts
from delivery.reports.counts import Period
from delivery.reports.figures import NO_REASON, AreaFigures, MonthlyReport
from delivery.reports.periods import Month

SINGLE_COUNTS = {
    "documents_received": counts.documents_received,
    "parcels_dispatched": counts.parcels_dispatched,
    "parcels_delivered": counts.parcels_delivered,
    "parcels_returned": lambda period: counts.parcels_reaching(period, ParcelStatus.RETURNED),
    "parcels_collected": lambda period: counts.parcels_reaching(period, ParcelStatus.COLLECTED),
    "past_service_level": counts.past_service_level,
}


def period_of(offices: Sequence[Office], month: Month, group: counts.Grouping) -> Period:
    zone = office_zone(offices[0])
    return Period(offices, month.starts_at(zone), month.ends_at(zone), utcnow(), group)


def fill_counts(period: Period, figures: Callable[[tuple], AreaFigures]) -> None:
    """Run every counting statement and put each count on its group's figures."""
    for name, statement in SINGLE_COUNTS.items():
        for *key, value in counts.rows(statement(period)):
            setattr(figures(tuple(key)), name, value)
    for *key, attempts, successes in counts.rows(counts.first_attempts(period)):
        figures(tuple(key)).first_attempts = attempts
        figures(tuple(key)).first_attempt_successes = successes or 0
    for *key, reason, value in counts.rows(counts.failed_attempts_by_reason(period)):
        area = figures(tuple(key))
        area.failure_reasons[reason.value if reason else NO_REASON] = value
        area.failed_attempts += value
    if any(counts.charges_fee(office) for office in period.offices):
        for *key, value in counts.rows(counts.fees_collected(period)):
            figures(tuple(key)).fees_collected = value


def fill_percentiles(period: Period, figures: Callable[[tuple], AreaFigures]) -> None:
    for *key, median, ninetieth in counts.rows(counts.days_to_door_percentiles(period)):
        area = figures(tuple(key))
        area.median_days_to_door = None if median is None else round(median, 1)
        area.p90_days_to_door = None if ninetieth is None else round(ninetieth, 1)


class Areas:
    """The figures of each group met so far, made when first asked for."""

    def __init__(self, make: Callable[[tuple], AreaFigures]) -> None:
        self.made: dict[Hashable, AreaFigures] = {}
        self.make = make

    def __call__(self, key: tuple) -> AreaFigures:
        if key not in self.made:
            self.made[key] = self.make(key)
        return self.made[key]

    def sorted(self, of_office: int | None = None) -> list[AreaFigures]:
        """The figures in the order of their keys; only one office's, if asked."""
        keys = [key for key in self.made if of_office is None or key[0] == of_office]
        return [self.made[key] for key in sorted(keys, key=lambda key: [k or "" for k in key])]


@may_lag
def monthly_report(office: Office, month: Month) -> MonthlyReport:
    """The office's month: every figure for the office, each district and each village; the
    recent months as last counted (delivery.reports.rollup), any other counted now."""
    stored = stored_report(office, month)
    return stored if stored else count_reports([office], month)[office.id]


def count_reports(offices: Sequence[Office], month: Month) -> dict[int, MonthlyReport]:
    """Count each office's month from the rows, by office id; offices sharing a time zone are
    counted by the same statements."""
    ordered = sorted(offices, key=lambda office: office.time_zone)
    reports = {}
    for _zone, same_zone in groupby(ordered, key=lambda office: office.time_zone):
        reports |= count_reports_of_one_zone(list(same_zone), month)
    return reports


def count_reports_of_one_zone(offices: list[Office], month: Month) -> dict[int, MonthlyReport]:
    villages = Areas(lambda key: AreaFigures(district=key[1], village=key[2]))
    fill_counts(period_of(offices, month, by_office_and_area), villages)
    fill_percentiles(period_of(offices, month, by_office_and_area), villages)
    districts = Areas(lambda key: AreaFigures(district=key[1]))
    for key, area in villages.made.items():
        districts(key[:2]).add(area)
    fill_percentiles(period_of(offices, month, by_office_and_district), districts)
    totals = Areas(lambda key: AreaFigures())
    for key, area in districts.made.items():
        totals(key[:1]).add(area)
    fill_percentiles(period_of(offices, month, counts.by_office), totals)
    return {
        office.id: MonthlyReport(
            office=office,
            month=month,
            generated_at=utcnow(),
            charges_fee=counts.charges_fee(office),
            office_total=totals((office.id,)),
            districts=districts.sorted(of_office=office.id),
            villages=villages.sorted(of_office=office.id),
        ).with_fees_counted()
        for office in offices
    }


def by_office_and_area(entity) -> tuple[sa.ColumnElement, ...]:
    return (entity.office_id.label("office_id"), *counts.by_area(entity))


def by_office_and_district(entity) -> tuple[sa.ColumnElement, ...]:
    return (entity.office_id.label("office_id"), entity.district.label("district"))


@may_lag
def offices_side_by_side(
    offices: Sequence[Office], month: Month
) -> tuple[list[tuple[Office, AreaFigures]], datetime | None]:
    """Each office's figures for its month, in the order given, as last counted (the recent
    months are counted on a schedule: delivery.reports.rollup), and the oldest count's time;
    offices not counted yet are counted now."""
    stored = stored_figures(list(offices), month)
    missing = [office for office in offices if office.id not in stored]
    counted_now = dict(count_offices(missing, month)) if missing else {}
    rows = [
        (office, stored[office.id][0] if office.id in stored else counted_now[office])
        for office in offices
    ]
    return rows, min((counted_at for _figures, counted_at in stored.values()), default=None)


def count_offices(offices: Sequence[Office], month: Month) -> list[tuple[Office, AreaFigures]]:
    """Count each office's figures for its month from the rows, in the order given; offices
    sharing a time zone are counted by the same statements."""
    by_id = {office.id: AreaFigures() for office in offices}
    ordered = sorted(offices, key=lambda office: office.time_zone)
    for _zone, same_zone in groupby(ordered, key=lambda office: office.time_zone):
        period = period_of(list(same_zone), month, counts.by_office)
        fill_counts(period, lambda key: by_id[key[0]])
        fill_percentiles(period, lambda key: by_id[key[0]])
    for office in offices:
        if counts.charges_fee(office):
            by_id[office.id].fees_collected = by_id[office.id].fees_collected or 0
    return [(office, by_id[office.id]) for office in offices]


def supervised_offices(supervisor: User) -> list[Office]:
    """The offices a supervisor sees: those of their province, or every office."""
    query = sa.select(Office).order_by(Office.province, Office.name)
    if supervisor.supervised_province:
        query = query.where(Office.province == supervisor.supervised_province)
    return list(db.session.scalars(query))


def stored_report(office: Office, month: Month) -> MonthlyReport | None:
    """The office's month as last counted, if it was."""
    row = db.session.execute(
        sa.select(OfficeMonthFigures.figures, OfficeMonthFigures.counted_at).where(
            OfficeMonthFigures.office_id == office.id, OfficeMonthFigures.month == str(month)
        )
    ).first()
    if row is None:
        return None
    figures, counted_at = row
    return MonthlyReport(
        office=office,
        month=month,
        generated_at=counted_at,
        charges_fee=counts.charges_fee(office),
        office_total=AreaFigures(**figures["total"]),
        districts=[AreaFigures(**area) for area in figures["districts"]],
        villages=[AreaFigures(**area) for area in figures["villages"]],
    )


def stored_figures(offices: list[Office], month: Month) -> dict[int, tuple[AreaFigures, datetime]]:
    """The offices' figures of the month as last counted, by office id, with when."""
    rows = db.session.execute(
        sa.select(
            OfficeMonthFigures.office_id,
            OfficeMonthFigures.total,  # not every village of every office
            OfficeMonthFigures.counted_at,
        ).where(
            OfficeMonthFigures.office_id.in_([office.id for office in offices]),
            OfficeMonthFigures.month == str(month),
        )
    )
    return {office_id: (AreaFigures(**total), counted_at) for office_id, total, counted_at in rows}
