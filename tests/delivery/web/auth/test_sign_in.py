"""Signing in and out, and who may open which home."""

import pytest

from delivery.models import Role
from tests.conftest import csrf_token, log_in
from tests.factories import PASSWORDS


def test_staff_sign_in_leads_to_the_staff_home(client, staff_user):
    response = log_in(client, "rini", PASSWORDS[Role.STAFF])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")
    page = client.get("/staff/").get_data(as_text=True)
    assert staff_user.office.name in page


def test_courier_sign_in_leads_to_the_round(client, courier_user):
    response = log_in(client, "dedi", PASSWORDS[Role.COURIER])
    assert response.headers["Location"].endswith("/courier/")
    assert "Belum ada paket" in client.get("/courier/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, staff_user):
    response = log_in(client, "rini", "not-the-password")
    assert response.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_inactive_user_cannot_sign_in(client, staff_user):
    staff_user.active = False
    from delivery.core.extensions import db

    db.session.commit()
    assert log_in(client, "rini", PASSWORDS[Role.STAFF]).status_code == 401


def test_empty_form_names_the_missing_fields(client):
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert response.get_data(as_text=True).count('class="field-error"') == 2


def test_form_without_csrf_token_is_refused(client, staff_user):
    response = client.post("/login", data={"username": "rini", "password": PASSWORDS[Role.STAFF]})
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("client_fixture", "path"),
    [
        ("courier_client", "/staff/"),
        ("staff_client", "/courier/"),
    ],
)
def test_each_role_keeps_to_its_own_pages(request, client_fixture, path):
    client = request.getfixturevalue(client_fixture)
    response = client.get(path)
    assert response.status_code == 403
    assert "tidak memiliki akses" in response.get_data(as_text=True)


def test_admin_sees_the_staff_home(admin_client):
    assert admin_client.get("/staff/").status_code == 200


def test_sign_out_needs_a_post_with_csrf(staff_client):
    assert staff_client.get("/logout").status_code == 405
    response = staff_client.post(
        "/logout", data={"csrf_token": csrf_token(staff_client, "/staff/")}
    )
    assert response.status_code == 302
    assert staff_client.get("/staff/").status_code == 302


def test_sign_in_is_rate_limited(request, app_config):
    app_config["RATELIMIT_ENABLED"] = True
    request.getfixturevalue("staff_user")
    client = request.getfixturevalue("client")
    statuses = [log_in(client, "rini", "guess").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    assert "Terlalu banyak percobaan" in log_in(client, "rini", "guess").get_data(as_text=True)
