"""The staff's parcel list: filtered by status, fifty to a page, any page number answered."""

from delivery.models import ParcelStatus


def test_the_list_pages_by_fifty_and_a_page_past_the_end_shows_the_last(staff_client, make_parcel):
    codes = [make_parcel(status=ParcelStatus.READY).tracking_code for _ in range(51)]
    first = staff_client.get("/staff/parcels").get_data(as_text=True)
    assert "51 paket" in first and "Halaman 1 dari 2" in first
    assert codes[-1] in first and codes[0] not in first
    for far in ("2", "99999999999999999999", "-3"):
        response = staff_client.get(f"/staff/parcels?page={far}")
        assert response.status_code == 200
    last = staff_client.get("/staff/parcels?page=99999999999999999999").get_data(as_text=True)
    assert codes[0] in last and "Halaman 2 dari 2" in last


def test_the_status_filter_keeps_to_known_statuses(staff_client, make_parcel):
    ready = make_parcel(status=ParcelStatus.READY)
    returned = make_parcel(status=ParcelStatus.RETURNED)
    page = staff_client.get("/staff/parcels?status=returned").get_data(as_text=True)
    assert returned.tracking_code in page and ready.tracking_code not in page
    everything = staff_client.get("/staff/parcels?status=lost").get_data(as_text=True)
    assert returned.tracking_code in everything and ready.tracking_code in everything
