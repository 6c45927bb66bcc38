"""Every figure of the month, checked against the parcels built in month.py's table."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import DeliveryAttempt, Parcel
from delivery.reports.periods import Month
from delivery.reports.queries import monthly_report
from tests.delivery.reports.expected import DISTRICTS, OFFICE_TOTAL, VILLAGES, expected, figures
from tests.delivery.reports.month import BJB, KA, YJ, wib

pytestmark = pytest.mark.both_databases
MARCH = Month(2026, 3)


def test_each_village_counts_its_own_parcels_in_the_office_month(march):
    report = monthly_report(march.office, MARCH)

    assert [figures(area) for area in report.villages] == VILLAGES


def test_districts_add_their_villages_and_take_percentiles_of_their_own_parcels(march):
    report = monthly_report(march.office, MARCH)

    assert [figures(area) for area in report.districts] == DISTRICTS


def test_the_office_total_has_every_figure_and_nothing_of_another_office(march):
    total = monthly_report(march.office, MARCH).office_total

    assert figures(total) == OFFICE_TOTAL


def test_a_month_with_nothing_in_it_reads_as_zeros_with_no_rates(march):
    report = monthly_report(march.office, Month(2025, 12))

    assert report.villages == [] and report.districts == []
    assert figures(report.office_total) == expected(district=None, village=None)


def test_fees_collected_are_counted_where_the_office_charges_one(march, clock):
    march.office.delivery_fee = 15_000
    db.session.commit()
    parcels = {
        parcel.village: parcel
        for parcel in db.session.scalars(sa.select(Parcel).filter_by(office_id=march.office.id))
    }
    for village, day, at in [
        (BJB, "03-04", "12:48"),
        (KA, "03-29", "10:24"),
        (BJB, "04-01", "00:30"),
    ]:
        db.session.add(
            DeliveryAttempt(
                parcel=parcels[village],
                client_event_id=f"fee-{village}-{day}",
                delivered=True,
                fee_received=15_000,
                occurred_at=wib(day, at),
            )
        )
    db.session.commit()

    report = monthly_report(march.office, MARCH)

    assert report.charges_fee
    assert report.office_total.fees_collected == 30_000  # not the one on 1 April
    assert [(area.village, area.fees_collected) for area in report.villages] == [
        (KA, 15_000),
        (BJB, 15_000),
        (YJ, 0),
    ]
    assert [area.fees_collected for area in report.districts] == [15_000, 15_000]
