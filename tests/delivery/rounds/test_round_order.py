"""The courier's round in walking order, with landmarks and a navigate link to known homes."""

import re
from datetime import UTC, datetime

import pytest

from delivery.core.extensions import db
from delivery.models import DeliveryAttempt, ParcelStatus

pytestmark = pytest.mark.both_databases


def on_round(make_parcel, make_document, courier, village, district, rw, rt, **extra):
    document = make_document(village=village, district=district, rw=rw, rt=rt)
    return make_parcel(
        [document],
        courier=courier,
        status=ParcelStatus.OUT_FOR_DELIVERY,
        household_key=f"{village}-{rw}-{rt}",
        **extra,
    )


def test_the_round_goes_district_village_hamlet_neighbourhood(
    courier_client, courier_user, make_parcel, make_document
):
    made = [
        on_round(
            make_parcel, make_document, courier_user, "Yukum Jaya", "Terbanggi Besar", "002", "001"
        ),
        on_round(make_parcel, make_document, courier_user, "Toto Katon", "Punggur", "001", "003"),
        on_round(
            make_parcel, make_document, courier_user, "Yukum Jaya", "Terbanggi Besar", "001", "004"
        ),
        on_round(
            make_parcel, make_document, courier_user, "Tanggul Angin", "Punggur", "003", "001"
        ),
        on_round(make_parcel, make_document, courier_user, "Toto Katon", "Punggur", "001", "002"),
    ]
    page = courier_client.get("/courier/").get_data(as_text=True)
    order = re.findall(r'data-tracking-code="([^"]+)"', page)
    expected = [made[i].tracking_code for i in (3, 4, 1, 2, 0)]
    assert order == expected
    headings = re.findall(r"<h2>([^<]+)</h2>", page)
    assert headings == [
        "Tanggul Angin, Punggur",
        "Toto Katon, Punggur",
        "Yukum Jaya, Terbanggi Besar",
    ]


def test_landmark_and_a_geo_link_from_an_earlier_delivery(
    courier_client, courier_user, make_parcel, make_document
):
    earlier = on_round(
        make_parcel, make_document, courier_user, "Toto Katon", "Punggur", "001", "002"
    )
    earlier.status = ParcelStatus.DELIVERED
    db.session.add(
        DeliveryAttempt(
            parcel=earlier,
            courier=courier_user,
            client_event_id="earlier-visit",
            delivered=True,
            latitude=-5.0934,
            longitude=105.3128,
            occurred_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
        )
    )
    db.session.commit()
    again = on_round(
        make_parcel,
        make_document,
        courier_user,
        "Toto Katon",
        "Punggur",
        "001",
        "002",
        landmark="rumah cat hijau depan masjid",
    )
    stranger = on_round(
        make_parcel, make_document, courier_user, "Tanggul Angin", "Punggur", "003", "001"
    )
    page = courier_client.get("/courier/").get_data(as_text=True)
    card = page.split(f'data-tracking-code="{again.tracking_code}"')[1].split("</li>")[0]
    assert "rumah cat hijau depan masjid" in card
    assert 'href="geo:-5.093400,105.312800"' in card
    other = page.split(f'data-tracking-code="{stranger.tracking_code}"')[1].split("</li>")[0]
    assert "geo:" not in other
