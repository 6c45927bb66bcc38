"""Residents help their parcel home from the tracking page, after the same second factor."""

import re

import pytest
import sqlalchemy as sa

from delivery.core.errors import Conflict
from delivery.core.extensions import db
from delivery.dispatch.operations import check_dispatchable
from delivery.models import (
    AttemptReason,
    AuditEntry,
    ParcelStatus,
    ReceiverPolicy,
    RequestKind,
    ResidentRequest,
)
from tests.conftest import csrf_token
from tests.delivery.resident.household import BUDI_BORN, hand_to_post, move

pytestmark = pytest.mark.both_databases


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Instructions for the carrier wait on Redis instead of running on threads that outlive
    the test's database."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def choose(client):
    """Post one of the help forms as the browser that looked the parcel up."""

    def post(kind: str, **form):
        token = csrf_token(client, "/")
        return client.post(f"/track/help/{kind}", data=form | {"csrf_token": token})

    return post


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_lookup_offers_help_and_a_change_needs_it_first(client, track, choose, parcel, office):
    office.representative_with_letter = True
    db.session.commit()
    refused = choose("directions", directions="rumah cat hijau depan masjid")
    assert refused.status_code == 403
    assert client.get("/track/help").status_code == 403

    page = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Bantu paket Anda sampai" in page
    for kind in ("Petunjuk arah", "Telepon untuk pesan", "Tempat menerima", "Wakil"):
        assert kind in page
    assert "Hari percobaan berikutnya" not in page  # only after a failed attempt


def test_directions_reach_the_parcel_the_staff_and_the_courier(track, choose, parcel, staff_client):
    track(parcel.tracking_code, BUDI_BORN)
    response = choose("directions", directions="  pagar biru   dekat pos ronda ")
    assert response.status_code == 302
    db.session.refresh(parcel)
    assert parcel.landmark == "pagar biru dekat pos ronda"
    assert "pagar biru dekat pos ronda" in parcel.address_lines  # so the label follows
    assert audit_actions()[-1] == "resident.directions"
    staff_page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}")
    assert "pagar biru dekat pos ronda" in text_of(staff_page)
    resident_page = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Petunjuk arah ditambahkan; kurir melihatnya" in resident_page
    assert "pos ronda" not in resident_page  # the lookup shows no street, nor directions


def test_the_phone_is_typed_to_confirm_or_correct_and_never_shown(
    client, track, choose, parcel, clock
):
    page = track(parcel.tracking_code, BUDI_BORN).get_data(as_text=True)
    assert "7890" not in page

    assert choose("phone", phone="0812-3456-7890").status_code == 302
    db.session.refresh(parcel)
    assert parcel.recipient_phone == "+6281234567890"
    clock.advance(days=1)
    track(parcel.tracking_code, BUDI_BORN)
    assert choose("phone", phone="0813 9999 1234").status_code == 302
    db.session.refresh(parcel)
    assert parcel.recipient_phone == "+6281399991234"
    help_page = client.get("/track/help").get_data(as_text=True)
    assert "+6281399991234" not in help_page and "1234" not in help_page
    audit = db.session.scalars(
        sa.select(AuditEntry.after).where(AuditEntry.action == "resident.phone")
    ).all()
    assert audit == [{"confirmed": True}, {"corrected": True, "phone": "…1234"}]


def test_a_wrong_value_is_named_and_changes_nothing(track, choose, parcel):
    track(parcel.tracking_code, BUDI_BORN)
    response = choose("phone", phone="12345")
    assert response.status_code == 400
    assert "Bukan nomor telepon Indonesia" in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResidentRequest)) == 0


def test_one_change_of_each_kind_a_day(track, choose, parcel, clock):
    track(parcel.tracking_code, BUDI_BORN)
    assert choose("directions", directions="depan masjid").status_code == 302
    again = choose("directions", directions="belakang sekolah")
    assert again.status_code == 429
    assert "sudah mengubah ini hari ini" in text_of(again)
    assert choose("phone", phone="081234567890").status_code == 302  # another kind
    clock.advance(days=1)
    track(parcel.tracking_code, BUDI_BORN)
    assert choose("directions", directions="belakang sekolah").status_code == 302


def test_counter_collection_keeps_a_ready_parcel_at_the_office(
    client, track, choose, parcel, office
):
    track(parcel.tracking_code, BUDI_BORN)
    assert choose("collection", place="office_counter").status_code == 302
    step = text_of(client.get("/track/help"))
    assert "tetap di kantor untuk Anda" in step and office.name in step
    with pytest.raises(Conflict, match="mengambilnya di loket"):
        check_dispatchable(office, [parcel])
    later = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Diambil di loket kantor" in later


def test_the_village_office_is_offered_only_where_the_rule_allows(track, choose, parcel, office):
    page = track(parcel.tracking_code, BUDI_BORN).get_data(as_text=True)
    assert 'value="village_office"' not in page
    assert choose("collection", place="village_office").status_code == 400
    office.receiver_policy = ReceiverPolicy.VILLAGE_OFFICE
    db.session.commit()
    page = track(parcel.tracking_code, BUDI_BORN).get_data(as_text=True)
    assert 'value="village_office"' in page
    assert choose("collection", place="village_office").status_code == 302


def test_a_representative_only_where_the_rule_allows_one(track, choose, parcel, office):
    page = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Wakil" not in page  # the office's rule names no representative with a letter
    assert choose("representative", representative="Sri Wahyuni").status_code == 400
    office.representative_with_letter = True
    db.session.commit()
    assert "Wakil" in text_of(track(parcel.tracking_code, BUDI_BORN))
    assert choose("representative", representative="Sri Wahyuni").status_code == 302


def test_after_a_failed_attempt_the_resident_picks_the_day(client, track, choose, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY)
    move(parcel, clock, ParcelStatus.ATTEMPT_FAILED, reason=AttemptReason.NOT_AT_HOME)
    page = track(parcel.tracking_code, BUDI_BORN).get_data(as_text=True)
    day = re.search(r'<option value="([0-9-]+)"', page).group(1)
    assert choose("next_try_day", day=day).status_code == 302
    assert "kurir akan mencoba lagi pada" in text_of(client.get("/track/help"))
    assert choose("next_try_day", day="2030-01-01").status_code in (400, 429)


def test_nothing_changes_while_out_for_delivery(track, choose, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY)
    page = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "tidak dapat diubah lagi di sini" in page
    assert choose("directions", directions="depan masjid").status_code == 409
    assert db.session.scalar(sa.select(ResidentRequest.id)) is None


def test_the_courier_sees_the_residents_choices_at_the_door(
    track, choose, parcel, clock, courier_client, courier_user, office
):
    office.representative_with_letter = True
    db.session.commit()
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT)
    track(parcel.tracking_code, BUDI_BORN)
    choose("directions", directions="rumah cat hijau depan masjid")
    choose("representative", representative="Sri Wahyuni")
    resident_page = text_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Wakil S** W******" in resident_page
    parcel.courier = courier_user
    db.session.commit()
    door = text_of(courier_client.get(f"/courier/parcels/{parcel.tracking_code}"))
    assert "rumah cat hijau depan masjid" in door
    assert "Sri Wahyuni (dengan surat kuasa" in door
    kinds = db.session.scalars(sa.select(ResidentRequest.kind).order_by(ResidentRequest.id))
    assert list(kinds) == [RequestKind.DIRECTIONS, RequestKind.REPRESENTATIVE]
