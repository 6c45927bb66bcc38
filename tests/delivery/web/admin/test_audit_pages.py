"""The audit trail for admins: filtered by person, parcel, action and date, and as CSV."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from delivery.core.audit import record_change
from delivery.core.extensions import db
from delivery.models import Role
from tests.factories import PASSWORDS, signed_in_client


@pytest.fixture
def trail(app, office, make_parcel, make_user, make_office, clock):
    """Entries by two people on two parcels over two days, and one of another office."""
    rini, dedi = make_user(username="rini"), make_user(Role.COURIER, username="dedi")
    first, second = make_parcel(), make_parcel()
    record_change("parcel.status", first, actor=rini, before={"status": "ready"},
                  after={"status": "submitted"})  # fmt: skip
    db.session.flush()  # entries take the clock's time when written
    clock.advance(days=1)
    record_change("parcel.status", second, actor=dedi, after={"status": "delivered"})
    record_change("parcel.assigned", first, actor=dedi, after={"courier": dedi.id})
    stranger = make_user(username="stranger", office=make_office(code="PSW"))
    record_change("user.create", stranger, actor=stranger, after={"username": "=cmd()"})
    db.session.commit()
    return first, second


def rows_of(page: str) -> int:
    return page.count("<tr>") - 1  # the header row


def test_every_filter_narrows_the_trail(admin_client, trail, clock):
    first, _second = trail
    assert "3 catatan" in admin_client.get("/admin/audit").text
    assert "2 catatan" in admin_client.get("/admin/audit?person=dedi").text
    by_parcel = admin_client.get(f"/admin/audit?tracking_code={first.tracking_code.lower()}")
    assert "2 catatan" in by_parcel.text and first.tracking_code in by_parcel.text
    assert "1 catatan" in admin_client.get("/admin/audit?action=parcel.assigned").text
    today = clock.now.astimezone(ZoneInfo("Asia/Jakarta")).date()
    since_today = admin_client.get(f"/admin/audit?since={today.isoformat()}")
    until_yesterday = admin_client.get(
        f"/admin/audit?until={(today - timedelta(days=1)).isoformat()}"
    )
    assert "2 catatan" in since_today.text and "1 catatan" in until_yesterday.text
    assert "stranger" not in admin_client.get("/admin/audit").text


def test_days_are_the_offices_own_in_the_filter_and_the_csv(admin_client, app, office, clock):
    """An office in Papua (WIT, UTC+9) counts its day from 15:00 UTC the day before."""
    office.time_zone = "Asia/Jayapura"
    clock.now = clock.now.replace(hour=16, minute=30)  # 01:30 WIT the next day
    record_change("office.update", office, actor_label="cli", after={"phone": "0967"})
    db.session.commit()
    wit_day = clock.now.astimezone(ZoneInfo("Asia/Jayapura")).date()
    assert "1 catatan" in admin_client.get(f"/admin/audit?since={wit_day.isoformat()}").text
    rows = list(csv.reader(io.StringIO(admin_client.get("/admin/audit.csv").text)))
    assert rows[1][0].startswith(wit_day.isoformat()) and rows[1][0].endswith("+09:00")


def test_a_bad_date_is_refused_naming_the_field(admin_client, trail):
    response = admin_client.get("/admin/audit?since=29-11-2026")
    assert response.status_code == 400 and "Tulis tanggal sebagai TTTT-BB-HH." in response.text


def test_the_csv_holds_what_the_filter_keeps(admin_client, trail):
    first, _second = trail
    response = admin_client.get(f"/admin/audit.csv?tracking_code={first.tracking_code}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [row["action"] for row in rows] == ["parcel.assigned", "parcel.status"]
    assert rows[1]["person"] == "rini" and rows[1]["object"] == first.tracking_code
    assert rows[1]["before"] == '{"status": "ready"}'


def test_the_csv_is_safe_to_open_in_a_spreadsheet(admin_client, office):
    record_change("office.rule", office, actor_label='=HYPERLINK("http://x")', after={})
    db.session.commit()
    rows = list(csv.reader(io.StringIO(admin_client.get("/admin/audit.csv").text)))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'


def test_the_messages_page_is_for_embedded_mode_only(app_config, admin_client, office):
    from delivery import create_app
    from delivery.models import User

    assert admin_client.get("/admin/messages").status_code == 200
    assert 'href="/admin/messages"' in admin_client.get("/admin/").text
    production = create_app(
        app_config | {"MODE": "production", "CARRIER_WEBHOOK_SECRET": "not-the-sandbox's"}
    )
    with production.app_context():
        admin = db.session.scalar(db.select(User).filter_by(username="admin"))
        client = signed_in_client(production, admin, PASSWORDS[Role.ADMIN])
        assert client.get("/admin/messages").status_code == 404
        assert 'href="/admin/messages"' not in client.get("/admin/").text
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
