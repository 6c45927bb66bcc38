"""Ready documents become one parcel per household, with readable codes and opaque tokens."""

import pytest
import sqlalchemy as sa

from delivery.core.errors import Conflict
from delivery.core.extensions import db
from delivery.models import DocumentStatus, DocumentType, Parcel, ParcelStatus
from delivery.parcels.codes import is_valid_tracking_code
from delivery.parcels.packing import pack_household_parcels, unpack_parcel


@pytest.fixture
def household(make_document):
    """A family's new KK and two KTPs, all ready, same KK number and address."""

    def make(kk_number="1802021506150001", street="Jl. Proklamator No. 7", **overrides):
        shared = {"kk_number": kk_number, "street": street, "status": DocumentStatus.READY}
        return [
            make_document(
                document_type=DocumentType.KK,
                document_number=f"KK-{street}",
                holder_name="Joko Susilo",
                recipient_name="Joko Susilo",
                **shared | overrides,
            ),
            make_document(
                holder_name="Siti Aminah", recipient_name="Siti Aminah", **shared | overrides
            ),
            make_document(
                holder_name="Rizky Susilo", recipient_name="Rizky Susilo", **shared | overrides
            ),
        ]

    return make


def test_one_parcel_per_household(app, office, household):
    susilo = household()
    other = household(kk_number="1802021506150002", street="Jl. Merdeka No. 1")
    parcels = pack_household_parcels(office)
    assert len(parcels) == 2
    by_size = {len(parcel.documents) for parcel in parcels}
    assert by_size == {3}
    first = next(p for p in parcels if susilo[0] in p.documents)
    assert set(first.documents) == set(susilo) and not set(other) & set(first.documents)
    assert first.recipient_name == "Joko Susilo"  # the KK's addressee
    assert all(doc.status == DocumentStatus.PACKED for doc in susilo + other)


def test_same_kk_at_another_address_is_another_parcel(app, office, household):
    household()
    household(street="Dusun Karang Anyar")
    assert len(pack_household_parcels(office)) == 2


def test_address_spelling_in_case_and_spaces_is_one_household(app, office, household):
    household(street="Jl. Proklamator No. 7")
    household(street="JL.  PROKLAMATOR NO. 7")
    assert len(pack_household_parcels(office)) == 1


def test_codes_are_readable_with_check_character_and_tokens_opaque(app, office, household):
    household()
    parcel = pack_household_parcels(office)[0]
    assert is_valid_tracking_code(parcel.tracking_code)
    assert len(parcel.qr_token) >= 22  # 144 random bits, URL-safe
    assert parcel.documents[0].holder_nik not in parcel.qr_token


def test_later_documents_join_the_household_parcel_until_it_leaves(
    app, office, household, make_document
):
    members = household()
    parcel = pack_household_parcels(office)[0]
    late = make_document(
        kk_number=members[0].kk_number,
        street=members[0].street,
        status=DocumentStatus.READY,
        holder_name="Nabila Putri",
    )
    assert pack_household_parcels(office, [late]) == [parcel]
    assert len(parcel.documents) == 4


def test_only_ready_documents_can_be_packed(app, office, make_document):
    recorded = make_document(document_number="KTP-REC-1")
    with pytest.raises(Conflict, match="KTP-REC-1"):
        pack_household_parcels(office, [recorded])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Parcel)) == 0


def test_unpack_returns_documents_to_ready(app, office, household):
    members = household()
    parcel = pack_household_parcels(office)[0]
    unpack_parcel(parcel)
    assert parcel.status == ParcelStatus.CANCELLED and parcel.documents == []
    assert all(document.status == DocumentStatus.READY for document in members)
    assert len(pack_household_parcels(office)) == 1


def test_dispatched_parcel_cannot_be_unpacked(app, office, household):
    household()
    parcel = pack_household_parcels(office)[0]
    parcel.status = ParcelStatus.SUBMITTED
    db.session.commit()
    with pytest.raises(Conflict, match="sudah dikirim"):
        unpack_parcel(parcel)
