"""Every figure of the month, checked against the parcels built in month.py's table."""

import pytest

from delivery.reports.periods import Month
from delivery.reports.queries import monthly_report
from tests.delivery.reports.expected import DISTRICTS, OFFICE_TOTAL, VILLAGES, expected, figures

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
