"""The admin's privacy pages: who opened which parcel's personal data; a person's data exported,
restricted and erased on request, found by a NIK typed into a POST form, each audited."""

import io
import json
import re
import zipfile

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import ApiToken, AuditEntry, Document, DocumentStatus, ParcelStatus, Role
from tests.conftest import csrf_token
from tests.delivery.privacy.conftest import LETTER, PHOTO, SIGNATURE

pytestmark = pytest.mark.both_databases


def audit_after(action: str) -> list[dict]:
    entries = db.session.scalars(sa.select(AuditEntry).filter_by(action=action))
    return [entry.after for entry in entries]


def post(client, path: str, **fields):
    token = csrf_token(client, "/admin/privacy/")
    return client.post(f"/admin/privacy{path}", data=fields | {"csrf_token": token})


def test_every_look_at_a_parcels_personal_data_is_listed_for_admins(
    ended_parcel, staff_client, courier_client, admin_client, staff_user, courier_user
):
    parcel = ended_parcel(3, ParcelStatus.OUT_FOR_DELIVERY, courier=courier_user)
    other = ended_parcel(3, ParcelStatus.OUT_FOR_DELIVERY)
    page = staff_client.get(f"/staff/parcels/{parcel.tracking_code}").get_data(as_text=True)
    for proof in re.findall(
        r'src="(/staff/parcels/[^"]+/visits/\d+/(?:photo|signature|letter))"', page
    ):
        assert staff_client.get(proof).status_code == 200
    assert courier_client.get(f"/courier/parcels/{parcel.tracking_code}").status_code == 200
    courier_client.get(f"/courier/parcels/{other.tracking_code}")

    listed = admin_client.get(f"/admin/privacy/views?parcel={parcel.tracking_code}")

    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td>", listed.get_data(True))
    assert rows == [
        (f"{courier_user.full_name} (dedi)", "Halaman pintu kurir"),
        (f"{staff_user.full_name} (rini)", "Tanda tangan"),
        (f"{staff_user.full_name} (rini)", "Surat kuasa"),
        (f"{staff_user.full_name} (rini)", "Foto bukti"),
        (f"{staff_user.full_name} (rini)", "Halaman paket staf"),
    ]
    everything = admin_client.get("/admin/privacy/views").get_data(as_text=True)
    assert "6 akses" in everything
    assert staff_client.get("/admin/privacy/views").status_code == 403


def test_an_admin_exports_a_persons_data_as_a_file_found_by_a_posted_nik(
    ended_parcel, admin_client, staff_client
):
    parcel = ended_parcel(5)
    holder = parcel.documents[0]
    nik = holder.holder_nik
    staff_client.get(f"/staff/parcels/{parcel.tracking_code}")

    answer = post(admin_client, "/person/export", nik=nik)

    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert nik not in answer.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    data = json.loads(archive.read("data.json"))
    assert [document["holder_nik"] for document in data["documents"]] == [nik]
    assert data["documents"][0]["document_number"] == holder.document_number
    [carried] = data["parcels"]
    assert carried["tracking_code"] == parcel.tracking_code
    assert carried["recipient_phone"] == parcel.recipient_phone
    [visit] = carried["visits"]
    assert visit["receiver_name"] == "Sri Wahyuni"
    assert archive.read(visit["photo"]) == PHOTO
    assert archive.read(visit["signature"]) == SIGNATURE
    assert archive.read(visit["representative_letter"]) == LETTER
    assert [view["where"] for view in data["views_of_personal_data"]] == ["staff_parcel_page"]
    [record] = audit_after("personal_data.exported")
    assert record == {"documents": [holder.id], "parcels": [parcel.tracking_code]}
    assert nik not in json.dumps(audit_after("personal_data.exported"))


def test_the_nik_never_travels_in_an_address(ended_parcel, admin_client):
    nik = ended_parcel(5).documents[0].holder_nik
    page = admin_client.get("/admin/privacy/").get_data(as_text=True)

    forms = re.findall(r'<form method="post" action="(/admin/[^"]+)"', page)
    assert forms == [
        "/admin/privacy/retention",
        "/admin/privacy/person/export",
    ]
    assert admin_client.get(f"/admin/privacy/person/export?nik={nik}").status_code == 405


def test_an_unknown_or_malformed_nik_is_refused_naming_it(ended_parcel, admin_client):
    ended_parcel(5)

    unknown = post(admin_client, "/person/export", nik="1805014101900001")
    malformed = post(admin_client, "/person/export", nik="12345")

    assert unknown.status_code == 404
    assert "Kantor ini tidak menyimpan dokumen" in unknown.get_data(as_text=True)
    assert malformed.status_code == 400
    assert "16 angka" in malformed.get_data(as_text=True)


@pytest.fixture
def staff_api(app, staff_user):
    token, plain = ApiToken.issue(staff_user, "privacy")
    db.session.add(token)
    db.session.commit()
    client = app.test_client()

    def pack(body: dict):
        return client.post(
            "/api/v1/parcels/pack", json=body, headers={"Authorization": f"Bearer {plain}"}
        )

    return pack


def test_a_restricted_persons_documents_are_no_longer_packed(
    make_document, admin_client, staff_api
):
    restricted = make_document(status=DocumentStatus.READY)
    free = make_document(status=DocumentStatus.READY, holder_nik="1805015708900002")

    answer = post(admin_client, "/person/restrict", nik=restricted.holder_nik)

    assert answer.status_code == 302
    assert staff_api({"documents": [restricted.id]}).status_code == 409
    packed = staff_api({"all_ready": True}).json["parcels"]
    assert [parcel["document_ids"] for parcel in packed] == [[free.id]]
    assert audit_after("personal_data.restricted") == [
        {"documents": [restricted.id], "parcels": []}
    ]

    post(admin_client, "/person/lift-restriction", nik=restricted.holder_nik)

    assert staff_api({"documents": [restricted.id]}).status_code == 201
    assert audit_after("personal_data.restriction_lifted") == [{"documents": [restricted.id]}]


def test_erasing_a_person_takes_their_data_and_records_only_counts(ended_parcel, admin_client):
    parcel = ended_parcel(5, documents=1)
    holder = parcel.documents[0]
    nik, code = holder.holder_nik, parcel.tracking_code

    unconfirmed = post(admin_client, "/person/erase", nik=nik)
    erased = post(admin_client, "/person/erase", nik=nik, confirm="yes")

    assert unconfirmed.status_code == 400
    assert erased.status_code == 302
    db.session.expire_all()
    document = db.session.get(Document, holder.id)
    assert (document.holder_nik, document.holder_name, document.kk_number) == ("", "", "")
    assert (document.village, document.district) == ("Bandar Jaya Barat", "Terbanggi Besar")
    assert (parcel.recipient_name, parcel.recipient_phone, parcel.street) == ("", "", "")
    assert [visit.photo for visit in parcel_visits(parcel)] == [None]
    [record] = audit_after("personal_data.erased")
    assert record == {
        "reason": "request",
        "documents": [holder.id],
        "parcels": [code],
        "erased": {
            "documents": 1,
            "proof_photos": 1,
            "signatures": 1,
            "representative_letters": 1,
            "phone_numbers": 2,
        },
    }
    assert nik not in json.dumps(record)
    assert post(admin_client, "/person/export", nik=nik).status_code == 404
    home = admin_client.get("/admin/privacy/").get_data(as_text=True)
    assert "Data pribadi dihapus" in home and code in home


def parcel_visits(parcel):
    from delivery.models import DeliveryAttempt

    return db.session.scalars(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)).all()


def test_a_parcel_still_on_its_way_is_not_erased(ended_parcel, admin_client):
    parcel = ended_parcel(1, ParcelStatus.OUT_FOR_DELIVERY)

    answer = post(admin_client, "/person/erase", nik=parcel.documents[0].holder_nik, confirm="yes")

    assert answer.status_code == 409
    assert parcel.tracking_code in answer.get_data(as_text=True)
    db.session.expire_all()
    assert parcel.documents[0].holder_nik
    assert audit_after("personal_data.erased") == []


def test_an_admin_sets_the_retention_period(office, admin_client):
    assert post(admin_client, "/retention", retention_days="4000").status_code == 400
    assert post(admin_client, "/retention", retention_days="30").status_code == 302

    db.session.refresh(office)
    assert office.retention_days == 30
    assert audit_after("office.retention") == [{"days": 30}]


def test_staff_and_couriers_have_no_privacy_pages(staff_client, courier_client):
    assert staff_client.get("/admin/privacy/").status_code == 403
    assert courier_client.get("/admin/privacy/").status_code == 403
    assert Role.ADMIN
