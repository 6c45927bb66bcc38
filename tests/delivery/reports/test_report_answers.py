"""The month's report as staff and scripts get it: the page, JSON, CSV and the PDF, each with
the figures counted by hand from the parcels in month.py."""

import csv
import io
import re

import pypdfium2
import pytest

from delivery.core.extensions import db
from delivery.models import ApiToken, Role
from tests.delivery.reports.expected import DISTRICTS, OFFICE_TOTAL, VILLAGES, figures

MARCH = "/api/v1/reports/monthly?month=2026-03"


@pytest.fixture
def token_of(make_user):
    def issue(role: Role) -> dict[str, str]:
        token, plain = ApiToken.issue(make_user(role), "reports")
        db.session.add(token)
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}

    return issue


def cell(value) -> str:
    """A figure as the CSV writes it."""
    return "" if value is None else str(value)


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    pages = [page.get_textpage().get_text_range() for page in document]
    return " ".join(" ".join(pages).split())


def test_the_json_has_every_figure_of_the_office_its_districts_and_villages(
    march, client, token_of
):
    answer = client.get(MARCH, headers=token_of(Role.STAFF))

    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "private, no-store"
    report = answer.json
    assert (report["office"]["code"], report["month"], report["time_zone"]) == (
        "LTG",
        "2026-03",
        "Asia/Jakarta",
    )
    assert figures(report["total"]) == OFFICE_TOTAL
    assert [figures(area) for area in report["districts"]] == DISTRICTS
    assert [figures(area) for area in report["villages"]] == VILLAGES


def test_the_csv_has_a_row_per_area_with_every_figure(march, client, token_of):
    answer = client.get(f"{MARCH}&format=csv", headers=token_of(Role.ADMIN))

    assert answer.mimetype == "text/csv"
    assert 'filename="antar-ltg-2026-03.csv"' in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [(row["level"], row["district"], row["village"]) for row in rows] == [
        ("office", "", ""),
        ("district", "Gunung Sugih", ""),
        ("district", "Terbanggi Besar", ""),
        ("village", "Gunung Sugih", "Komering Agung"),
        ("village", "Terbanggi Besar", "Bandar Jaya Barat"),
        ("village", "Terbanggi Besar", "Yukum Jaya"),
    ]
    for row, wanted in zip(rows, [OFFICE_TOTAL, *DISTRICTS, *VILLAGES], strict=True):
        for name, value in wanted.items():
            if name == "failure_reasons":
                for reason, count in value.items():
                    assert row[f"failed_{reason}"] == str(count), (row["village"], reason)
            elif name not in ("district", "village"):
                assert row[name] == cell(value), (row["village"], name)


def test_the_head_of_office_pdf_reads_the_same_figures_in_indonesian(march, client, token_of):
    answer = client.get(f"{MARCH}&format=pdf", headers=token_of(Role.STAFF))

    assert answer.mimetype == "application/pdf"
    text = pdf_text(answer.data)
    assert "Disdukcapil Kabupaten Lampung Tengah" in text
    assert "Maret 2026" in text
    assert "Dokumen diterima 4" in text
    assert "Keberhasilan kunjungan pertama 33,3%" in text
    # a village's row: received, handed over, delivered, first-visit success, median and
    # 90% days, returned, collected, failed visits, past the service level
    assert "Terbanggi Besar Bandar Jaya Barat 2 4 3 25,0% 2,2 3,3 0 0 3 0" in text
    assert "Terbanggi Besar Yukum Jaya 1 2 0 0,0% – – 1 1 1 1" in text
    assert "Gunung Sugih Komering Agung 1 3 1 100,0% 9,1 9,1 0 0 0 1" in text
    assert "alamat tidak ditemukan 1" in text.lower()


def test_the_staff_page_shows_the_office_districts_and_villages(march, staff_client):
    page = staff_client.get("/staff/reports?month=2026-03").get_data(as_text=True)

    assert "Maret 2026" in page
    tiles = dict(re.findall(r'<dd data-figure="(\w+)">([^<]+)</dd>', page))
    assert tiles["documents_received"] == "4"
    assert tiles["parcels_delivered"] == "4"
    assert tiles["first_attempt_success_rate"] == "33,3%"
    assert tiles["median_days_to_door"] == "2,2"
    assert tiles["p90_days_to_door"] == "9,1"
    assert tiles["past_service_level"] == "2"
    village_rows = re.findall(r"<td>(Bandar Jaya Barat|Yukum Jaya|Komering Agung)</td>", page)
    assert village_rows == ["Komering Agung", "Bandar Jaya Barat", "Yukum Jaya"]
    assert staff_client.get("/staff/reports?month=2026-03&format=pdf").mimetype == (
        "application/pdf"
    )


def test_the_page_opens_on_the_current_month_of_the_office(march, staff_client):
    page = staff_client.get("/staff/reports").get_data(as_text=True)

    assert 'value="2026-04"' in page
    assert "April 2026" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [("month=2026-13", "month"), ("month=March", "month"), ("", "month")]
    + [("month=2026-03&format=xlsx", "format")],
)
def test_a_bad_month_or_format_is_refused_naming_it(march, client, token_of, query, field):
    answer = client.get(f"/api/v1/reports/monthly?{query}", headers=token_of(Role.STAFF))

    assert answer.status_code == 400
    assert answer.json["error"]["field"] == field


def test_couriers_and_strangers_get_no_figures(march, client, token_of, courier_client):
    assert client.get(MARCH).status_code == 401
    assert client.get(MARCH, headers=token_of(Role.COURIER)).status_code == 403
    assert courier_client.get("/staff/reports").status_code == 403
