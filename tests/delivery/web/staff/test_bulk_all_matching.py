"""Bulk actions reach every row the list's filters match, on every page, when asked; otherwise
only the rows ticked."""

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import (
    Document,
    DocumentStatus,
    Parcel,
    ParcelStatus,
    Role,
    Shipment,
)
from delivery.web.staff import selection
from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Dispatch jobs wait on Redis: nothing calls a carrier here."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def many_parcels(make_parcel, make_document):
    """Sixty ready parcels (more than a page of fifty) and five delivered ones."""
    ready = [make_parcel([make_document(kk_number=f"18050117051{n:05d}")]) for n in range(60)]
    for _ in range(5):
        make_parcel([make_document()], status=ParcelStatus.DELIVERED)
    return ready


def post(client, path: str, data: dict):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/parcels")})


def test_the_list_offers_every_matching_parcel_beyond_the_page(staff_client, many_parcels):
    page = staff_client.get("/staff/parcels?status=ready").text
    assert "Pilih semua 60 paket yang cocok, di semua halaman" in page
    assert 'name="all_matching"' in page and 'name="status" value="ready"' in page
    one_page = staff_client.get("/staff/parcels?status=delivered").text
    assert 'name="all_matching"' not in one_page


def test_dispatching_all_matching_sends_every_page(staff_client, many_parcels):
    shown = [parcel.tracking_code for parcel in many_parcels[-50:]]
    response = post(
        staff_client,
        "/staff/dispatches",
        {"tracking_code": shown, "all_matching": "1", "status": "ready"},
    )
    assert response.status_code == 302
    shipped = db.session.scalar(sa.select(sa.func.count()).select_from(Shipment))
    assert shipped == 60  # the delivered ones are not in the "ready" list


def test_without_all_matching_only_the_ticked_rows_are_sent(staff_client, many_parcels):
    ticked = [parcel.tracking_code for parcel in many_parcels[:3]]
    post(staff_client, "/staff/dispatches", {"tracking_code": ticked, "status": "ready"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 3


def test_assigning_all_matching_puts_every_page_on_the_round(
    staff_client, make_parcel, make_document, make_user, clock
):
    for number in range(55):
        document = make_document(kk_number=f"18050117052{number:05d}")
        make_parcel([document], status=ParcelStatus.IN_TRANSIT, status_changed_at=clock.now)
    courier = make_user(Role.COURIER, username="yoga")
    response = post(
        staff_client,
        "/staff/parcels/assign",
        {"all_matching": "1", "status": "in_transit", "courier_id": courier.id},
    )
    assert response.status_code == 302, response.text
    on_round = db.session.scalar(
        sa.select(sa.func.count()).select_from(Parcel).where(Parcel.courier_id == courier.id)
    )
    assert on_round == 55


def test_marking_all_matching_documents_ready_follows_the_filters(staff_client, make_document):
    for _ in range(55):
        make_document(village="Yukum Jaya")
    make_document(village="Poncowati")
    response = staff_client.post(
        "/staff/documents/bulk",
        data={
            "action": "mark_ready",
            "all_matching": "1",
            "village": "Yukum Jaya",
            "csrf_token": csrf_token(staff_client, "/staff/documents"),
        },
    )
    assert response.status_code == 302
    ready = dict(
        db.session.execute(
            sa.select(Document.village, sa.func.count())
            .where(Document.status == DocumentStatus.READY)
            .group_by(Document.village)
        ).all()
    )
    assert ready == {"Yukum Jaya": 55}


def test_too_many_matching_rows_are_refused_naming_the_choice(
    staff_client, many_parcels, monkeypatch
):
    monkeypatch.setattr(selection, "LARGEST_SELECTION", 10)
    response = post(staff_client, "/staff/dispatches", {"all_matching": "1", "status": "ready"})
    assert response.status_code == 400
    assert "Lebih dari 10 yang cocok" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 0


@pytest.fixture
def parcels_in_two_districts(make_parcel, make_document, clock):
    """Fifty-two ready parcels in Punggur (18.02.06) and eight in Terbanggi Besar (18.02.07)."""

    def make(count: int, **address) -> list[Parcel]:
        confirmed = {"address_confirmed_at": clock.now}
        return [make_parcel([make_document(**address)], **confirmed) for _ in range(count)]

    return {
        "18.02.06": make(52, village="Toto Katon", district="Punggur", region_code="18.02.06.2004"),
        "18.02.07": make(
            8, village="Yukum Jaya", district="Terbanggi Besar", region_code="18.02.07.1004"
        ),
    }


def test_all_matching_keeps_to_the_district_shown(staff_client, parcels_in_two_districts):
    page = staff_client.get("/staff/parcels?status=ready&area=18.02.06").text
    assert 'name="area" value="18.02.06"' in page
    assert "Pilih semua 52 paket yang cocok, di semua halaman" in page
    response = post(
        staff_client,
        "/staff/dispatches",
        {"all_matching": "1", "status": "ready", "area": "18.02.06"},
    )
    assert response.status_code == 302
    sent = db.session.scalars(sa.select(Parcel.region_code).join(Shipment)).all()
    assert len(sent) == 52 and set(sent) == {"18.02.06.2004"}


@pytest.mark.parametrize("field", ["status", "area"])
def test_all_matching_with_a_filter_the_list_cannot_have_is_refused(
    staff_client, parcels_in_two_districts, field
):
    response = post(staff_client, "/staff/dispatches", {"all_matching": "1", field: "lost"})
    assert response.status_code == 400
    assert "Saringan ini berisi nilai yang tidak dikenal daftar" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shipment)) == 0


def test_all_matching_documents_with_an_unknown_filter_is_refused(staff_client, make_document):
    make_document()
    response = staff_client.post(
        "/staff/documents/bulk",
        data={
            "action": "mark_ready",
            "all_matching": "1",
            "status": "lost",
            "csrf_token": csrf_token(staff_client, "/staff/documents"),
        },
    )
    assert response.status_code == 400
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Document).where(Document.status == "ready")
        )
        == 0
    )


def test_more_matches_than_one_action_takes_are_not_offered(
    staff_client, many_parcels, monkeypatch
):
    monkeypatch.setattr(selection, "LARGEST_SELECTION", 10)
    page = staff_client.get("/staff/parcels?status=ready").text
    assert 'name="all_matching"' not in page
    assert "Lebih dari 10 yang cocok; persempit daftar dengan saringan dulu." in page
