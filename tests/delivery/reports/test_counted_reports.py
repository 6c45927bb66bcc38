"""The recent months' reports are counted on a schedule: the office's report reads the count,
which holds the same figures as counting the rows, and shows when it was counted."""

from delivery.models import ParcelStatus
from delivery.reports.periods import Month
from delivery.reports.queries import count_reports, monthly_report
from delivery.reports.rollup import COUNT_EVERY
from delivery.reports.tasks import count_offices_recent_months
from tests.delivery.reports.month import BJB, wib

MARCH = Month(2026, 3)


def figures_of(report) -> dict:
    return report.as_dict() | {"generated_at": None}


def delivered_on_the_13th(march) -> None:
    march.journey(
        BJB,
        wib("03-12"),
        wib("03-12", "09:00"),
        (ParcelStatus.IN_TRANSIT, wib("03-12", "12:00")),
        (ParcelStatus.OUT_FOR_DELIVERY, wib("03-13")),
        (ParcelStatus.DELIVERED, wib("03-13", "10:00")),
    )


def test_the_report_reads_the_month_as_counted_until_it_is_counted_again(march, clock):
    office = march.office
    count_offices_recent_months()
    counted = monthly_report(office, MARCH)
    assert figures_of(counted) == figures_of(count_reports([office], MARCH)[office.id])
    assert counted.generated_at == clock.now

    delivered_on_the_13th(march)
    assert monthly_report(office, MARCH).office_total.parcels_delivered == 4

    clock.advance(seconds=COUNT_EVERY.total_seconds())
    count_offices_recent_months()
    assert monthly_report(office, MARCH).office_total.parcels_delivered == 5
    assert monthly_report(office, MARCH).generated_at == clock.now
