"""Users and API tokens made from the command line."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import ApiToken, AuditEntry, User


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_create_user_with_prompted_password(app, office, client):
    result = run(
        app,
        "users",
        "create",
        "sari",
        "--role",
        "staff",
        "--office",
        "LTG",
        "--name",
        "Sari Dewi",
        input="a-good-password\na-good-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).filter_by(username="sari"))
    assert user.office == office
    assert "a-good-password" not in user.password_hash
    from tests.conftest import log_in

    assert log_in(client, "sari", "a-good-password").status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="user.create"))
    assert entry.actor_label == "cli" and entry.after["role"] == "staff"


def test_create_user_refuses_unknown_office_and_short_password(app, office):
    result = run(
        app,
        "users",
        "create",
        "sari",
        "--role",
        "staff",
        "--office",
        "XXX",
        "--name",
        "Sari",
        "--password",
        "long-enough-pass",
    )
    assert result.exit_code != 0 and "no office with code 'XXX'" in result.output
    result = run(
        app,
        "users",
        "create",
        "sari",
        "--role",
        "staff",
        "--office",
        "LTG",
        "--name",
        "Sari",
        "--password",
        "short",
    )
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    assert db.session.scalar(sa.select(User).filter_by(username="sari")) is None


def test_token_is_shown_once_and_stored_hashed(app, client, staff_user):
    result = run(app, "tokens", "create", "--user", "rini", "--name", "SIAK export")
    assert result.exit_code == 0, result.output
    plain = result.output.strip().splitlines()[-1]
    assert plain.startswith("antar_") and len(plain) > 40
    stored = db.session.scalar(sa.select(ApiToken))
    assert plain not in (stored.token_hash, stored.hint) and stored.hint == plain[-4:]

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200
    assert response.json["username"] == "rini" and response.json["office"]["code"] == "LTG"


def test_revoked_token_is_refused(app, client, staff_user):
    plain = run(app, "tokens", "create", "--user", "rini").output.strip().splitlines()[-1]
    result = run(app, "tokens", "revoke", "--user", "rini", "--hint", plain[-4:])
    assert result.exit_code == 0, result.output
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 401
    assert response.json["error"]["field"] == "Authorization"


def test_api_without_token_names_the_header(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"] == {
        "code": "unauthenticated",
        "field": "Authorization",
        "message": "Kirim token API sebagai 'Authorization: Bearer <token>'.",
    }


def test_token_for_unknown_user_is_a_clear_error(app):
    result = run(app, "tokens", "create", "--user", "nobody")
    assert result.exit_code != 0 and "no user named 'nobody'" in result.output
