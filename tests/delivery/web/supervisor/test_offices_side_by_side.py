"""A supervisor sees the offices of their province (or of the country) side by side, with the
figures of each, and no person's data anywhere; the recent months as counted on a schedule."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import ApiToken, Parcel, ParcelStatus, Role
from delivery.reports.periods import Month
from delivery.reports.queries import count_offices, offices_side_by_side, supervised_offices
from delivery.reports.rollup import COUNT_EVERY
from delivery.reports.tasks import count_offices_recent_months
from tests.conftest import log_in
from tests.delivery.reports.expected import OFFICE_TOTAL, expected, figures
from tests.delivery.reports.month import BJB, wib
from tests.factories import signed_in_client

MARCH = "/supervisor/?month=2026-03"
PESAWARAN = expected(
    district=None,
    village=None,
    parcels_dispatched=1,
    parcels_delivered=1,
    first_attempts=1,
    first_attempt_successes=1,
    first_attempt_success_rate=100.0,
    median_days_to_door=1.1,  # ready 5 March 8:00, delivered 6 March 10:00
    p90_days_to_door=1.1,
)


@pytest.fixture
def app_config(app_config, redis_url):
    """Residents' messages wait in Redis: no job writes while a test's tables are emptied."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def march(march, make_office):
    """The month of the report tests, and an office in another province with a parcel of its
    own handed over in March."""
    bandung = make_office(code="BDG", name="Disdukcapil Kabupaten Bandung", province="Jawa Barat")
    march.journey(BJB, wib("03-10"), wib("03-10", "09:00"), office=bandung)
    return march


@pytest.fixture
def supervisor(app, make_user):
    def sign_in(province: str | None):
        user = make_user(Role.SUPERVISOR, password="supervisor-password-1")
        user.supervised_province = province
        db.session.commit()
        return user, signed_in_client(app, user, "supervisor-password-1")

    return sign_in


def office_rows(page: str) -> dict[str, dict[str, str]]:
    rows = re.findall(r'<tr data-office="(\w+)">(.*?)</tr>', page, re.DOTALL)
    return {
        code: dict(re.findall(r'<td data-figure="(\w+)">([^<]*)</td>', cells))
        for code, cells in rows
    }


def test_a_province_supervisor_sees_its_offices_side_by_side(march, supervisor):
    _user, client = supervisor("Lampung")

    response = client.get(MARCH)

    assert response.status_code == 200
    offices = office_rows(response.get_data(as_text=True))
    assert list(offices) == ["LTG", "PSW"]
    assert offices["LTG"]["parcels_delivered"] == "4"
    assert offices["LTG"]["first_attempt_success_rate"] == "33,3%"
    assert offices["PSW"]["parcels_delivered"] == "1"
    assert offices["PSW"]["median_days_to_door"] == "1,1"


def test_the_csv_has_every_figure_of_each_office(march, supervisor):
    _user, client = supervisor("Lampung")

    answer = client.get(f"{MARCH}&format=csv")

    rows = {row["office"]: row for row in csv.DictReader(io.StringIO(answer.get_data(True)))}
    assert list(rows) == ["LTG", "PSW"]
    for code, wanted in [("LTG", OFFICE_TOTAL), ("PSW", PESAWARAN)]:
        for name, value in figures(wanted).items():
            if name == "failure_reasons":
                for reason, count in value.items():
                    assert rows[code][f"failed_{reason}"] == str(count)
            elif name not in ("district", "village"):
                assert rows[code][name] == ("" if value is None else str(value)), (code, name)


def test_a_country_supervisor_sees_every_office(march, supervisor):
    _user, client = supervisor(None)

    offices = office_rows(client.get(MARCH).get_data(as_text=True))

    assert list(offices) == ["BDG", "LTG", "PSW"]  # Jawa Barat, then Lampung
    assert offices["BDG"]["parcels_dispatched"] == "1"


def test_a_supervisor_sees_no_personal_data_and_opens_no_parcel(march, supervisor, app):
    user, client = supervisor(None)
    page = client.get(MARCH).get_data(as_text=True)
    parcel = db.session.scalars(sa.select(Parcel).filter_by(office_id=march.office.id)).first()
    document = parcel.documents[0]

    for personal in (
        document.holder_name,
        document.holder_nik,
        document.kk_number,
        parcel.recipient_phone,
        parcel.street,
        parcel.tracking_code,
    ):
        assert personal not in page
    for path in ("/staff/", "/staff/parcels", f"/staff/parcels/{parcel.tracking_code}"):
        assert client.get(path).status_code == 403, path
    assert client.get("/staff/reports?month=2026-03").status_code == 403
    assert client.get("/courier/").status_code == 403
    token, plain = ApiToken.issue(user, "supervisor")
    db.session.add(token)
    db.session.commit()
    bearer = {"Authorization": f"Bearer {plain}"}
    api = app.test_client()
    assert api.get(f"/api/v1/parcels/{parcel.tracking_code}", headers=bearer).status_code == 403
    assert api.get("/api/v1/reports/monthly?month=2026-03", headers=bearer).status_code == 403


def test_staff_and_couriers_do_not_see_other_offices(march, staff_client, courier_client):
    assert staff_client.get(MARCH).status_code == 403
    assert courier_client.get(MARCH).status_code == 403


def test_signing_in_leads_a_supervisor_to_the_offices(app, make_user):
    make_user(Role.SUPERVISOR, username="pengawas", password="supervisor-password-1")
    client = app.test_client()

    assert log_in(client, "pengawas", "supervisor-password-1").location == "/supervisor/"


def test_the_page_shows_the_months_as_counted_until_they_are_counted_again(
    march, supervisor, clock
):
    user, client = supervisor("Lampung")
    assert count_offices_recent_months() == 6  # three offices, March and April (on 10 April)
    offices = supervised_offices(user)
    stored, counted_at = offices_side_by_side(offices, Month(2026, 3))
    assert stored == count_offices(offices, Month(2026, 3))
    assert counted_at == clock.now

    march.journey(
        BJB,
        wib("03-12"),
        wib("03-12", "09:00"),
        (ParcelStatus.IN_TRANSIT, wib("03-12", "12:00")),
        (ParcelStatus.OUT_FOR_DELIVERY, wib("03-13")),
        (ParcelStatus.DELIVERED, wib("03-13", "10:00")),
    )
    page = client.get(MARCH).get_data(as_text=True)
    assert office_rows(page)["LTG"]["parcels_delivered"] == "4"  # as counted, not yet again
    assert "Counted at" in page or "Dihitung pada" in page

    assert count_offices_recent_months() == 0  # not due yet
    clock.advance(seconds=COUNT_EVERY.total_seconds())
    assert count_offices_recent_months() == 6
    assert office_rows(client.get(MARCH).get_data(as_text=True))["LTG"]["parcels_delivered"] == "5"


def test_a_month_never_counted_is_counted_when_asked_for(march, supervisor):
    _user, client = supervisor("Lampung")
    count_offices_recent_months()

    page = client.get("/supervisor/?month=2026-02").get_data(as_text=True)

    assert office_rows(page)["LTG"]["past_service_level"] == "1"  # P4's deadline, in February
    assert "Counted at" not in page and "Dihitung pada" not in page
