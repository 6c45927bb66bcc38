"""The retention period: proofs and phone numbers erased once a parcel ended that many days ago,
by the periodic work, with a record of what was erased and none of the data."""

import json

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.core.jobs.periodic import run_periodic_work
from delivery.models import AuditEntry, DeliveryAttempt, Document, Parcel, ParcelStatus
from delivery.models.resident import CarrierInstruction, RequestKind, ResidentRequest
from delivery.privacy.retention import erase_expired_personal_data
from postal_client import InstructionKind

pytestmark = pytest.mark.both_databases
PHONE = "+6281234567890"


def erasure_records() -> dict[str, dict]:
    entries = db.session.scalars(
        sa.select(AuditEntry).filter_by(action="personal_data.erased").order_by(AuditEntry.id)
    )
    return {entry.after["parcels"][0]: entry.after for entry in entries}


def holds(parcel: Parcel) -> dict:
    db.session.expire_all()
    visits = db.session.scalars(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)).all()
    phones = db.session.scalars(sa.select(Document.recipient_phone).filter_by(parcel_id=parcel.id))
    return {
        "photos": sum(visit.photo is not None for visit in visits),
        "signatures": sum(visit.signature_png is not None for visit in visits),
        "letters": sum(visit.letter_photo is not None for visit in visits),
        "phones": [db.session.get(Parcel, parcel.id).recipient_phone, *phones],
    }


def gave_a_phone(parcel: Parcel) -> None:
    """The resident corrected the phone for messages, and Antar told the carrier."""
    given = {"corrected": True, "phone": PHONE}
    db.session.add(ResidentRequest(parcel=parcel, kind=RequestKind.PHONE, details=given))
    db.session.add(
        CarrierInstruction(parcel=parcel, kind=InstructionKind.RECIPIENT_PHONE, details=given)
    )
    db.session.commit()


def given_phones(parcel: Parcel) -> int:
    return sum(
        db.session.scalar(sa.select(sa.func.count()).where(model.parcel_id == parcel.id))
        for model in (ResidentRequest, CarrierInstruction)
    )


def test_the_periodic_work_erases_what_ended_longer_ago_than_the_office_keeps_it(
    office, make_office, ended_parcel
):
    due = ended_parcel(91)
    gave_a_phone(due)
    kept = ended_parcel(89)
    gave_a_phone(kept)
    on_its_way = ended_parcel(200, ParcelStatus.IN_TRANSIT)
    collected = ended_parcel(120, ParcelStatus.COLLECTED, documents=1, proof=False)
    short_keeper = make_office(code="PSW", retention_days=30)
    elsewhere = ended_parcel(31, office=short_keeper, documents=1)

    done = run_periodic_work()

    assert done["erase_expired_personal_data"] == 3
    empty = {"photos": 0, "signatures": 0, "letters": 0}
    assert holds(due) == empty | {"phones": ["", "", ""]}
    assert holds(collected) == empty | {"phones": ["", ""]}
    assert holds(elsewhere) == empty | {"phones": ["", ""]}
    for untouched in (kept, on_its_way):
        assert holds(untouched) == {
            "photos": 1,
            "signatures": 1,
            "letters": 1,
            "phones": [PHONE] * 3,
        }
    records = erasure_records()
    assert set(records) == {due.tracking_code, collected.tracking_code, elsewhere.tracking_code}
    assert (given_phones(due), given_phones(kept)) == (0, 2)
    assert records[due.tracking_code]["erased"] == {
        "proof_photos": 1,
        "signatures": 1,
        "representative_letters": 1,
        "phone_numbers": 5,  # the parcel's, its two documents', the resident's and the carrier's
    }
    assert records[collected.tracking_code]["erased"] == {
        "proof_photos": 0,
        "signatures": 0,
        "representative_letters": 0,
        "phone_numbers": 2,
    }
    assert records[elsewhere.tracking_code]["retention_days"] == 30
    assert PHONE not in json.dumps(list(records.values()))


def test_a_second_sweep_erases_nothing_and_records_nothing_more(office, ended_parcel):
    ended_parcel(100)
    assert erase_expired_personal_data() == 1

    assert erase_expired_personal_data() == 0
    assert len(erasure_records()) == 1


def test_an_office_that_keeps_data_longer_keeps_it(office, ended_parcel):
    office.retention_days = 365
    db.session.commit()
    parcel = ended_parcel(200)

    assert erase_expired_personal_data() == 0
    assert holds(parcel)["photos"] == 1


def test_the_staff_parcel_page_shows_the_proof_no_more(office, staff_client, ended_parcel):
    parcel = ended_parcel(95)
    visit = db.session.scalars(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)).one()
    photo = f"/staff/parcels/{parcel.tracking_code}/visits/{visit.id}/photo"
    assert staff_client.get(photo).status_code == 200

    erase_expired_personal_data()

    assert staff_client.get(photo).status_code == 404
    page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").get_data(as_text=True)
    assert PHONE not in page
