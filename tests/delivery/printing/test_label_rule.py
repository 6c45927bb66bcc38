"""The label tells whoever carries the parcel the office's rule in force: who may receive it and
the fee to collect; never what is inside."""

import re

from delivery.core.extensions import db
from delivery.models import ReceiverPolicy
from tests.delivery.printing.test_printing import pdf_text


def label_text(client, parcel) -> str:
    response = client.get(f"/staff/parcels/{parcel.tracking_code}/label.pdf")
    assert response.status_code == 200
    return " ".join(pdf_text(response.data).split())


def test_the_label_follows_the_rule_in_force(staff_client, office, make_parcel):
    parcel = make_parcel()
    assert "Serahkan kepada pemilik atau keluarga serumah" in label_text(staff_client, parcel)
    office.receiver_policy = ReceiverPolicy.HOLDER_ONLY
    office.representative_with_letter = True
    office.delivery_fee = 20000
    office.takes_back_old_card = True
    db.session.commit()
    text = label_text(staff_client, parcel)
    assert re.search(r"Serahkan hanya kepada pemilik atau wakil dengan surat\s?kuasa", text)
    assert "Bayar di tempat Rp20.000" in text
    assert "KTP" not in text  # the old card is asked at the door, the label says nothing inside
