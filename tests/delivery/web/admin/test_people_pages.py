"""An admin adds people, switches them off and resets passwords; tokens are shown once."""

import re

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import ApiToken, AuditEntry, Role, User
from tests.conftest import csrf_token, log_in
from tests.factories import PASSWORDS


def add_person(admin_client, **values):
    data = {
        "role": "courier",
        "full_name": "Yoga Pratama",
        "username": "yoga",
        "password": "first-password-1",
        "csrf_token": csrf_token(admin_client, "/admin/users"),
    }
    return admin_client.post("/admin/users", data=data | values)


def test_a_new_courier_signs_in_and_must_choose_a_password_first(admin_client, app, office):
    assert add_person(admin_client).status_code == 302
    courier = db.session.scalar(sa.select(User).filter_by(username="yoga"))
    assert courier.role == Role.COURIER and courier.office == office
    assert courier.must_change_password
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="user.create"))
    assert entry.actor_label == "admin" and entry.after == {
        "username": "yoga",
        "role": "courier",
        "office": "LTG",
    }

    client = app.test_client()
    assert log_in(client, "yoga", "first-password-1").headers["Location"] == "/courier/"
    assert client.get("/courier/").headers["Location"] == "/password"
    token = csrf_token(client, "/password")
    refused = client.post(
        "/password",
        data={
            "current_password": "first-password-1",
            "new_password": "my-own-password",
            "repeat_password": "my-own-passwrd",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 422 and "Kedua kata sandi baru tidak sama." in refused.text
    chosen = client.post(
        "/password",
        data={
            "current_password": "first-password-1",
            "new_password": "my-own-password",
            "repeat_password": "my-own-password",
            "csrf_token": token,
        },
    )
    assert chosen.headers["Location"] == "/courier/"
    assert client.get("/courier/").status_code == 200
    db.session.refresh(courier)
    assert not courier.must_change_password and courier.check_password("my-own-password")


def test_adding_a_person_refuses_bad_fields_by_name(admin_client):
    response = add_person(admin_client, username="Yo")
    assert response.status_code == 422 and 'aria-describedby="username-error"' in response.text
    response = add_person(admin_client, password="short")
    assert response.status_code == 422 and "Gunakan paling sedikit 10 karakter." in response.text
    response = add_person(admin_client, role="boss")
    assert response.status_code == 422
    response = add_person(admin_client, username="admin")
    assert response.status_code == 409 and "Nama pengguna admin sudah dipakai." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_a_switched_off_account_can_neither_sign_in_nor_use_its_token(
    admin_client, app, staff_user, api_headers
):
    assert app.test_client().get("/api/v1/me", headers=api_headers).status_code == 200
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(
        f"/admin/users/{staff_user.id}/deactivate", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert log_in(app.test_client(), "rini", PASSWORDS[Role.STAFF]).status_code == 401
    assert app.test_client().get("/api/v1/me", headers=api_headers).status_code == 401
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="user.deactivate"))
    assert entry.before == {"active": True} and entry.after == {"active": False}
    admin_client.post(f"/admin/users/{staff_user.id}/activate", data={"csrf_token": token})
    assert log_in(app.test_client(), "rini", PASSWORDS[Role.STAFF]).status_code == 302


def test_an_admin_cannot_switch_off_their_own_account(admin_client):
    admin = db.session.scalar(sa.select(User).filter_by(username="admin"))
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(f"/admin/users/{admin.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 409
    db.session.refresh(admin)
    assert admin.active


def test_a_reset_password_is_shown_once_and_must_be_replaced(admin_client, app, staff_user):
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(
        f"/admin/users/{staff_user.id}/reset-password", data={"csrf_token": token}
    )
    assert response.status_code == 200
    temporary = re.search(r"data-temporary-password>([^<]+)<", response.text).group(1)
    assert temporary not in admin_client.get("/admin/users").text
    client = app.test_client()
    assert log_in(client, "rini", PASSWORDS[Role.STAFF]).status_code == 401
    assert log_in(client, "rini", temporary).status_code == 302
    assert client.get("/staff/parcels").headers["Location"] == "/password"
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="user.password_reset"))
    assert temporary not in str(entry.after) and entry.after == {"must_change_password": True}


def test_a_reset_password_opens_an_account_locked_by_wrong_passwords(admin_client, app, staff_user):
    client = app.test_client()
    for _ in range(6):
        log_in(client, "rini", "not-the-password")
    db.session.refresh(staff_user)
    assert staff_user.locked_until is not None
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(
        f"/admin/users/{staff_user.id}/reset-password", data={"csrf_token": token}
    )
    temporary = re.search(r"data-temporary-password>([^<]+)<", response.text).group(1)
    assert log_in(app.test_client(), "rini", temporary).status_code == 302


def test_people_of_another_office_are_out_of_reach(admin_client, make_office, make_user):
    stranger = make_user(Role.STAFF, username="stranger", office=make_office(code="PSW"))
    token = csrf_token(admin_client, "/admin/users")
    for action in ("deactivate", "reset-password"):
        response = admin_client.post(
            f"/admin/users/{stranger.id}/{action}", data={"csrf_token": token}
        )
        assert response.status_code == 404
    assert "stranger" not in admin_client.get("/admin/users").text


def test_a_token_is_shown_once_works_and_is_revoked(admin_client, app, staff_user):
    token = csrf_token(admin_client, "/admin/tokens")
    response = admin_client.post(
        "/admin/tokens", data={"user_id": staff_user.id, "name": "SIAK export", "csrf_token": token}
    )
    assert response.status_code == 200
    plain = re.search(r"data-issued-token>([^<]+)<", response.text).group(1)
    assert plain.startswith("antar_")
    listing = admin_client.get("/admin/tokens").text
    assert plain not in listing and f"…{plain[-4:]}" in listing and "SIAK export" in listing
    headers = {"Authorization": f"Bearer {plain}"}
    assert app.test_client().get("/api/v1/me", headers=headers).json["username"] == "rini"

    stored = db.session.scalar(sa.select(ApiToken))
    admin_client.post(f"/admin/tokens/{stored.id}/revoke", data={"csrf_token": token})
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_type == "apitoken")
    ).all()
    assert actions == ["token.create", "token.revoke"]


def test_a_token_is_refused_without_a_purpose_or_for_a_courier(
    admin_client, staff_user, courier_user
):
    token = csrf_token(admin_client, "/admin/tokens")
    response = admin_client.post(
        "/admin/tokens", data={"user_id": staff_user.id, "name": " ", "csrf_token": token}
    )
    assert response.status_code == 422 and "Sebutkan untuk apa token ini." in response.text
    response = admin_client.post(
        "/admin/tokens", data={"user_id": courier_user.id, "name": "x", "csrf_token": token}
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(ApiToken)) is None
