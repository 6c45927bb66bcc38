"""The staff's parcel list: fifty to a page, newest first, filtered by status and area; its next
and previous pages show every parcel once, also while parcels are added."""

import pytest

from delivery.core import paging
from delivery.models import ParcelStatus
from tests.delivery.web.staff.pages import codes_on, follow_all, link_to


@pytest.fixture
def make_parcels(make_parcel, make_document):
    """Parcels of one status, each with a document of its own; their codes, newest first."""

    def make(count: int, status=ParcelStatus.READY, **overrides) -> list[str]:
        made = [
            make_parcel([make_document(**overrides)], status=status).tracking_code
            for _ in range(count)
        ]
        return made[::-1]

    return make


def test_next_and_previous_show_every_parcel_once(staff_client, make_parcels):
    newest_first = make_parcels(120)
    forward = follow_all(staff_client, "/staff/parcels", "Berikutnya")
    assert [len(codes_on(page)) for page in forward] == [50, 50, 20]
    assert sum((codes_on(page) for page in forward), []) == newest_first
    backward = follow_all(staff_client, link_to(forward[-1], "Sebelumnya"), "Sebelumnya")
    assert sum((codes_on(page) for page in backward[::-1]), []) == newest_first[:100]
    assert link_to(backward[-1], "Sebelumnya") is None  # the first page has no previous one


def test_the_status_filter_follows_the_pages(staff_client, make_parcels):
    returned = make_parcels(55, ParcelStatus.RETURNED)
    make_parcels(30, ParcelStatus.DELIVERED)
    pages = follow_all(staff_client, "/staff/parcels?status=returned", "Berikutnya")
    assert sum((codes_on(page) for page in pages), []) == returned
    assert "status=returned" in link_to(pages[0], "Berikutnya")
    assert "55 paket" in pages[0]


def test_the_area_filter_follows_the_pages(staff_client, make_parcels):
    in_punggur = make_parcels(52, region_code="18.02.06.2004", village="Toto Katon")
    make_parcels(10, region_code="18.02.07.1004", village="Yukum Jaya")
    pages = follow_all(staff_client, "/staff/parcels?area=18.02.06", "Berikutnya")
    assert sum((codes_on(page) for page in pages), []) == in_punggur


def test_parcels_added_while_paging_neither_repeat_nor_hide_a_parcel(staff_client, make_parcels):
    older = make_parcels(100)
    first = staff_client.get("/staff/parcels").text
    newer = make_parcels(10)
    second = staff_client.get(link_to(first, "Berikutnya")).text
    assert codes_on(second) == older[50:]
    back = staff_client.get(link_to(second, "Sebelumnya")).text
    assert codes_on(back) == older[:50]
    start = staff_client.get(link_to(back, "Sebelumnya")).text
    assert codes_on(start) == newer + older[:40]
    assert link_to(start, "Sebelumnya") is None


def test_a_cursor_past_the_end_shows_the_first_page(staff_client, make_parcels):
    newest_first = make_parcels(3)
    for cursor in ("after=1", "before=2147483647"):
        response = staff_client.get(f"/staff/parcels?{cursor}")
        assert response.status_code == 200
        assert codes_on(response.text) == newest_first


@pytest.mark.parametrize(
    "cursor", ["after=abc", "after=-3", "before=99999999999999999999", "after=1_2", "before=0"]
)
def test_a_page_link_no_row_can_have_is_refused(staff_client, cursor):
    response = staff_client.get(f"/staff/parcels?{cursor}")
    assert response.status_code == 400
    assert "Tautan halaman ini tidak sah" in response.text


def test_no_page_counts_more_than_the_cap(staff_client, make_parcels, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    make_parcels(12)
    page = staff_client.get("/staff/parcels").text
    assert "Lebih dari 10 paket" in page


def test_the_status_filter_keeps_to_known_statuses(staff_client, make_parcel):
    ready = make_parcel(status=ParcelStatus.READY)
    returned = make_parcel(status=ParcelStatus.RETURNED)
    page = staff_client.get("/staff/parcels?status=returned").get_data(as_text=True)
    assert returned.tracking_code in page and ready.tracking_code not in page
    everything = staff_client.get("/staff/parcels?status=lost").get_data(as_text=True)
    assert returned.tracking_code in everything and ready.tracking_code in everything
