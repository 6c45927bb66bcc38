"""The resident's page tells what the office's rule in force asks at the door."""

from delivery.core.extensions import db
from tests.delivery.resident.household import BUDI_BORN, hand_to_post


def test_the_resident_reads_the_fee_the_letter_and_the_old_card(track, parcel, clock, office):
    hand_to_post(parcel, clock)
    before = track(parcel.tracking_code, BUDI_BORN).text
    assert "biaya antar" not in before
    office.representative_with_letter = True
    office.delivery_fee = 10000
    office.takes_back_old_card = True
    db.session.commit()
    page = track(parcel.tracking_code, BUDI_BORN).text
    assert "Kurir memungut biaya antar Rp10.000." in page
    assert "dengan surat kuasa yang Anda tandatangani" in page
    assert "Bila di dalamnya ada KTP baru, serahkan KTP lama Anda kepada kurir." in page
