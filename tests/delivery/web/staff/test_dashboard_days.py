"""The dashboard's days are the office's: "today" and the chart count parcels handed to the post
and delivered on the office's own clocks, here Eastern Indonesian Time (UTC+9)."""

import re
from datetime import UTC, datetime

import pytest

from delivery.core.extensions import db
from delivery.models import EventSource, ParcelStatus, Shipment, ShipmentState
from delivery.parcels.events import Report, record_event

pytestmark = pytest.mark.both_databases
S = ParcelStatus


@pytest.fixture
def app_config(app_config, redis_url):
    """Residents' messages wait in Redis: no job writes while a test's tables are emptied."""
    return app_config | {"REDIS_URL": redis_url}


def utc(day: int, clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-04-{day:02d}T{clock}").replace(tzinfo=UTC)


def handed_over(make_parcel, at: datetime, code: str):
    parcel = make_parcel(tracking_code=code, created_at=at, status_changed_at=at)
    db.session.add(
        Shipment(
            parcel=parcel,
            idempotency_key=f"dashboard-{code}",
            state=ShipmentState.SUBMITTED,
            submitted_at=at,
        )
    )
    record_event(parcel, Report(S.SUBMITTED, at, EventSource.SYSTEM, f"{code}-submitted"))
    db.session.commit()
    return parcel


def delivered(parcel, at: datetime) -> None:
    for step, status in enumerate([S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED]):
        key = f"{parcel.tracking_code}-{status.value}"
        record_event(parcel, Report(status, at.replace(minute=step), EventSource.COURIER, key))
    db.session.commit()


def test_today_and_the_chart_follow_the_office_clocks(office, staff_client, make_parcel, clock):
    office.time_zone = "Asia/Jayapura"
    db.session.commit()
    clock.now = utc(10, "01:00")  # 10:00 on 10 April in Jayapura
    today_early = handed_over(make_parcel, utc(9, "15:30"), "AN-DAY1-TEST")  # 00:30 today
    handed_over(make_parcel, utc(9, "14:30"), "AN-DAY2-TEST")  # 23:30 yesterday
    delivered(today_early, utc(10, "00:30"))
    late_evening = handed_over(make_parcel, utc(8, "03:00"), "AN-DAY3-TEST")
    delivered(late_evening, utc(9, "16:00"))  # 01:00 today there; 23:00 yesterday in Jakarta

    home = staff_client.get("/staff/").get_data(as_text=True)

    assert '<dd data-testid="today-dispatched">1</dd>' in home
    assert '<dd data-testid="today-delivered">2</dd>' in home
    bars = r'class="bar-(\w+)"[^>]*><title>(2026-04-(?:08|09|10)): (\d+)</title>'
    assert re.findall(bars, home) == [
        ("dispatched", "2026-04-08", "1"),
        ("delivered", "2026-04-08", "0"),
        ("dispatched", "2026-04-09", "1"),
        ("delivered", "2026-04-09", "0"),
        ("dispatched", "2026-04-10", "1"),
        ("delivered", "2026-04-10", "2"),
    ]
