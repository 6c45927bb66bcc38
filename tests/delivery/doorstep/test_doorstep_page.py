"""The doorstep page: who the parcel is for, the office's rule in words, only for its courier."""

import pytest

from delivery.core.extensions import db
from delivery.models import ParcelStatus, ReceiverPolicy, Role, VerificationMethod
from tests.delivery.doorstep.conftest import BUDI_NIK, SRI_NIK
from tests.factories import PASSWORDS, signed_in_client

RULES = {
    (ReceiverPolicy.HOLDER_ONLY, VerificationMethod.ONE_TIME_CODE): (
        "Hanya pemilik dokumen yang boleh menerimanya.",
        "Minta kode sekali pakai 6 angka yang dikirim ke ponsel warga.",
        ["holder"],
    ),
    (ReceiverPolicy.HOUSEHOLD, VerificationMethod.NIK_LAST_DIGITS): (
        "Pemilik dokumen atau anggota keluarga serumah boleh menerimanya.",
        "Minta kartu identitas dan ketik 4 angka terakhir NIK pemilik dokumen.",
        ["holder", "household_member"],
    ),
    (ReceiverPolicy.VILLAGE_OFFICE, VerificationMethod.ONE_TIME_CODE): (
        "Pemilik dokumen, anggota keluarga serumah, atau kantor desa/kelurahan boleh menerimanya.",
        "Minta kode sekali pakai 6 angka yang dikirim ke ponsel warga.",
        ["holder", "household_member", "village_office"],
    ),
}


@pytest.mark.parametrize(("policy", "method"), list(RULES))
def test_doorstep_shows_the_household_and_the_rule_in_words(
    courier_client, household_parcel, office, policy, method
):
    office.receiver_policy, office.verification_method = policy, method
    db.session.commit()
    parcel = household_parcel()
    page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").get_data(as_text=True)
    who, how, relations = RULES[(policy, method)]
    assert who in page and how in page
    assert "Budi Santoso" in page and "Sri Wahyuni" in page
    assert "Jl. Merdeka No. 12" in page and "RT 003 / RW 001" in page
    for relation in ("holder", "household_member", "village_office"):
        assert (f'name="relation" value="{relation}"' in page) == (relation in relations)
    for secret in (BUDI_NIK, SRI_NIK, *(doc.document_number for doc in parcel.documents)):
        assert secret not in page


def test_failed_attempt_reasons_are_the_fixed_list(courier_client, household_parcel):
    parcel = household_parcel()
    page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").get_data(as_text=True)
    offered = [part.split('"')[0] for part in page.split('name="reason" value="')[1:]]
    assert offered == [
        "not_at_home", "address_not_found", "refused", "recipient_moved", "not_entitled"
    ]  # fmt: skip


def test_another_couriers_parcel_is_not_found(
    courier_client, courier_user, household_parcel, make_user, phone
):
    theirs = household_parcel(courier=make_user(Role.COURIER))
    response = courier_client.get(f"/courier/parcels/{theirs.tracking_code}")
    assert response.status_code == 404
    assert "Budi Santoso" not in response.get_data(as_text=True)
    refused = phone.deliver(theirs, "123456")
    assert refused.status_code == 404
    assert "Budi" not in refused.get_data(as_text=True)
    assert phone.fail(theirs).status_code == 404
    taken = phone.take(theirs)
    assert taken.status_code == 409 and "Budi" not in taken.get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.status == ParcelStatus.OUT_FOR_DELIVERY
    assert theirs.courier_id != courier_user.id


def test_another_offices_parcel_is_not_found(courier_client, household_parcel, make_office):
    elsewhere = household_parcel(office=make_office(), courier=None)
    response = courier_client.get(f"/courier/parcels/{elsewhere.tracking_code}")
    assert response.status_code == 404


def test_an_unassigned_parcel_offers_only_taking_it(courier_client, household_parcel):
    parcel = household_parcel(status=ParcelStatus.IN_TRANSIT, courier=None)
    page = courier_client.get(f"/courier/parcels/{parcel.tracking_code}").get_data(as_text=True)
    assert "Masukkan ke rute saya" in page
    assert "Bandar Jaya Barat" in page
    assert "Budi Santoso" not in page and "Jl. Merdeka" not in page
    assert 'name="receiver_name"' not in page


def test_staff_cannot_open_courier_pages(staff_client, household_parcel):
    parcel = household_parcel()
    assert staff_client.get(f"/courier/parcels/{parcel.tracking_code}").status_code == 403


def test_label_link_leads_the_courier_to_the_doorstep(courier_client, household_parcel):
    parcel = household_parcel()
    response = courier_client.get(f"/p/{parcel.qr_token}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/courier/parcels/{parcel.tracking_code}"


@pytest.mark.parametrize("visitor", ["anonymous", "staff", "other_office_courier", "unknown"])
def test_label_link_shows_everyone_else_a_neutral_page(
    app, client, staff_client, household_parcel, make_office, make_user, visitor
):
    parcel = household_parcel()
    browsers = {"anonymous": client, "staff": staff_client, "unknown": client}
    if visitor == "other_office_courier":
        stranger = make_user(Role.COURIER, office=make_office())
        browsers[visitor] = signed_in_client(app, stranger, PASSWORDS[Role.COURIER])
    token = "x" * 43 if visitor == "unknown" else parcel.qr_token
    response = browsers[visitor].get(f"/p/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kode ini untuk kurir yang mengantar paket." in page
    assert '<a class="button primary" href="/">' in page
    for private in ("Budi", "Sri", "Merdeka", parcel.tracking_code, parcel.recipient_phone):
        assert private not in page
