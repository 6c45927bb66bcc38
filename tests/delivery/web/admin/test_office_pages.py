"""An admin reads and changes the office's profile and delivery rule; every change is audited."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry, ReceiverPolicy, Role, VerificationMethod
from tests.conftest import csrf_token
from tests.factories import PASSWORDS, signed_in_client

RULE = {
    "receiver_policy": "holder_only",
    "representative_with_letter": "1",
    "verification_method": "nik_last_digits",
    "attempts_before_return": "2",
    "counter_hold_days": "21",
    "service_level_days": "5",
    "delivery_fee": "Rp15.000",
    "takes_back_old_card": "1",
}


def test_only_admins_open_the_admin_pages(staff_client, courier_client, client):
    for path in ("/admin/", "/admin/users", "/admin/tokens", "/admin/audit"):
        assert staff_client.get(path).status_code == 403
        assert courier_client.get(path).status_code == 403
        assert client.get(path).status_code == 302  # to the sign-in page


def test_the_admin_lands_on_the_office_page_with_its_own_menu(app, make_user):
    admin = signed_in_client(app, make_user(Role.ADMIN, username="admin"), PASSWORDS[Role.ADMIN])
    page = admin.get("/admin/", follow_redirects=True).get_data(as_text=True)
    assert "Aturan pengantaran" in page and "Disdukcapil Kabupaten Lampung Tengah" in page
    assert 'href="/admin/users"' in page and 'href="/admin/audit"' in page
    assert 'href="/staff/documents"' not in page  # the staff's work menu is not the admin's


def test_changing_the_rule_is_saved_and_audited_with_before_and_after(admin_client, office):
    response = admin_client.post(
        "/admin/rule", data=RULE | {"csrf_token": csrf_token(admin_client, "/admin/")}
    )
    assert response.status_code == 302
    db.session.refresh(office)
    assert office.receiver_policy == ReceiverPolicy.HOLDER_ONLY
    assert office.verification_method == VerificationMethod.NIK_LAST_DIGITS
    assert office.representative_with_letter and office.takes_back_old_card
    assert (office.attempts_before_return, office.counter_hold_days) == (2, 21)
    assert (office.service_level_days, office.delivery_fee) == (5, 15000)
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="office.rule"))
    assert entry.actor_label == "admin" and entry.office_id == office.id
    assert entry.before["receiver_policy"] == "household"
    assert entry.after["receiver_policy"] == "holder_only"
    assert entry.before["delivery_fee"] == 0 and entry.after["delivery_fee"] == 15000
    assert "counter_hold_days" in entry.after and "service_level_days" in entry.after
    page = admin_client.get("/admin/").get_data(as_text=True)
    assert "Biaya antar yang dipungut di pintu: Rp15.000." in page


def test_saving_the_same_rule_again_writes_no_entry(admin_client, office):
    token = csrf_token(admin_client, "/admin/")
    admin_client.post("/admin/rule", data=RULE | {"csrf_token": token})
    admin_client.post("/admin/rule", data=RULE | {"csrf_token": token})
    entries = db.session.scalars(sa.select(AuditEntry).filter_by(action="office.rule")).all()
    assert len(entries) == 1


def test_a_bad_rule_is_refused_naming_the_field_and_nothing_changes(admin_client, office):
    token = csrf_token(admin_client, "/admin/")
    response = admin_client.post(
        "/admin/rule", data=RULE | {"attempts_before_return": "0", "csrf_token": token}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="attempts_before_return" name="attempts_before_return"' in page
    assert "Isi bilangan bulat dari 1 sampai 10." in page
    response = admin_client.post(
        "/admin/rule", data=RULE | {"receiver_policy": "anyone", "csrf_token": token}
    )
    assert response.status_code == 422
    response = admin_client.post(
        "/admin/rule", data=RULE | {"delivery_fee": "lots", "csrf_token": token}
    )
    assert response.status_code == 422
    db.session.refresh(office)
    assert office.receiver_policy == ReceiverPolicy.HOUSEHOLD and office.delivery_fee == 0
    assert db.session.scalar(sa.select(AuditEntry).filter_by(action="office.rule")) is None


def test_changing_the_profile_is_audited(admin_client, office):
    token = csrf_token(admin_client, "/admin/")
    profile = {
        "name": office.name,
        "address": "Jl. Raden Intan No. 9",
        "regency": office.regency,
        "province": office.province,
        "postal_code": "34161",
        "phone": "0725 529100",
        "opening_hours": "Senin–Kamis 08.00–14.00",
        "csrf_token": token,
    }
    assert admin_client.post("/admin/profile", data=profile).status_code == 302
    db.session.refresh(office)
    assert office.address == "Jl. Raden Intan No. 9" and office.phone == "+62 725 529100"
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="office.profile"))
    assert entry.before["address"] == "Jl. Raden Intan No. 1"
    assert entry.after["opening_hours"] == "Senin–Kamis 08.00–14.00"
    refused = admin_client.post("/admin/profile", data=profile | {"phone": ""})
    assert refused.status_code == 422 and 'aria-describedby="phone-error"' in refused.get_data(
        as_text=True
    )


def test_an_admin_changes_only_their_own_office(app, make_office, make_user, office):
    other = make_office(code="PSW")
    admin = make_user(Role.ADMIN, username="other-admin", office=other)
    client = signed_in_client(app, admin, PASSWORDS[Role.ADMIN])
    client.post("/admin/rule", data=RULE | {"csrf_token": csrf_token(client, "/admin/")})
    db.session.refresh(office)
    db.session.refresh(other)
    assert other.delivery_fee == 15000 and office.delivery_fee == 0
