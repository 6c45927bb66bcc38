"""The address check before dispatch: problems listed for staff, fixed or confirmed, audited;
parcels counted and filtered by their official area."""

import re

import pytest
import sqlalchemy as sa

from delivery.core.errors import Conflict
from delivery.core.extensions import db
from delivery.dispatch.operations import check_dispatchable
from delivery.models import AuditEntry, DocumentStatus, ParcelStatus
from delivery.parcels.packing import pack_household_parcels
from delivery.printing.operations import label_data
from tests.conftest import csrf_token

pytestmark = pytest.mark.both_databases


@pytest.fixture
def hard_to_find(make_document, office):
    """A parcel with no house number, a landline and another village's postal code."""
    make_document(
        status=DocumentStatus.READY,
        street="Dusun Sukamaju",
        recipient_phone="+62725529100",  # a landline in Metro: no text messages
        village="Yukum Jaya",
        region_code="18.02.07.1004",
        postal_code="34152",  # Punggur's; Yukum Jaya's is 34163
    )
    [parcel] = pack_household_parcels(office)
    return parcel


def post(client, path: str, **form):
    return client.post(path, data=form | {"csrf_token": csrf_token(client, "/staff/")})


def test_problems_are_listed_and_hold_the_parcel_back(staff_client, hard_to_find, office):
    page = staff_client.get("/staff/addresses").get_data(as_text=True)
    assert hard_to_find.tracking_code in page
    for problem in (
        "Tidak ada nomor rumah dan tidak ada patokan",
        "Tidak ada nomor telepon yang dapat menerima pesan",
        "Kode pos ini milik desa lain dalam daftar wilayah",
    ):
        assert problem in page
    with pytest.raises(Conflict, match=hard_to_find.tracking_code):
        check_dispatchable(office, [hard_to_find])


def test_staff_confirm_an_address_as_it_is(staff_client, hard_to_find, office):
    response = post(staff_client, f"/staff/parcels/{hard_to_find.tracking_code}/address/confirm")
    assert response.status_code == 302
    assert hard_to_find.tracking_code not in staff_client.get("/staff/addresses").get_data(
        as_text=True
    )
    db.session.refresh(hard_to_find)
    check_dispatchable(office, [hard_to_find])
    action = db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()))
    assert action == "parcel.address_confirm"


def test_staff_fix_the_address_and_the_label_follows(staff_client, hard_to_find, office):
    response = post(
        staff_client,
        f"/staff/parcels/{hard_to_find.tracking_code}/address",
        street="Dusun Sukamaju No. 4",
        landmark="rumah cat hijau depan masjid",
        rt="2",
        rw="1",
        village="desa toto katon",
        district="punggur",
        postal_code="34152",
        recipient_phone="0812 1111 2222",
    )
    assert response.status_code == 302
    db.session.refresh(hard_to_find)
    assert (hard_to_find.village, hard_to_find.region_code) == ("Toto Katon", "18.02.06.2004")
    assert hard_to_find.recipient_phone == "+6281211112222"
    label = label_data(hard_to_find)
    assert "rumah cat hijau depan masjid" in label.address_lines
    assert "Toto Katon, Punggur" in label.address_lines
    check_dispatchable(office, [hard_to_find])
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "parcel.address_edit")
    )
    assert entry.before["village"] == "Yukum Jaya" and entry.after["village"] == "Toto Katon"
    assert entry.actor_label == "rini"


def test_a_wrong_village_in_an_edit_is_refused_with_suggestions(staff_client, hard_to_find):
    response = post(
        staff_client,
        f"/staff/parcels/{hard_to_find.tracking_code}/address",
        street="Dusun Sukamaju No. 4",
        rt="2",
        rw="1",
        village="Toto Katun",
        district="Punggur",
        postal_code="34152",
        recipient_phone="081211112222",
    )
    assert response.status_code == 422
    assert "Maksud Anda Toto Katon?" in response.get_data(as_text=True)
    db.session.refresh(hard_to_find)
    assert hard_to_find.street == "Dusun Sukamaju"


def test_parcels_are_counted_and_filtered_by_their_official_area(
    staff_client, make_parcel, make_document
):
    toto_katon = make_parcel(
        [make_document(village="Toto Katon", district="Punggur", region_code="18.02.06.2004")]
    )
    yukum_jaya = make_parcel(
        [make_document(village="Yukum Jaya", region_code="18.02.07.1004")],
        status=ParcelStatus.DELIVERED,
    )
    page = staff_client.get("/staff/areas").get_data(as_text=True)
    rows = re.findall(r'data-region-code="([^"]+)"', page)
    assert rows == ["18.02.06.2004", "18.02.07.1004"]
    punggur = staff_client.get("/staff/parcels?area=18.02.06").get_data(as_text=True)
    assert toto_katon.tracking_code in punggur and yukum_jaya.tracking_code not in punggur
