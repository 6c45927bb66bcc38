import pytest

from delivery import create_app
from delivery.core.settings import ConfigurationError


def test_settings_come_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ANTAR_PUBLIC_BASE_URL", "https://antar.lampungtengahkab.go.id")
    monkeypatch.setenv("ANTAR_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    app = create_app()
    assert app.config["PUBLIC_BASE_URL"] == "https://antar.lampungtengahkab.go.id"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/x.sqlite3"


def test_explicit_config_wins_over_environment(monkeypatch):
    monkeypatch.setenv("ANTAR_PUBLIC_BASE_URL", "https://from-env.example")
    app = create_app({"PUBLIC_BASE_URL": "https://from-test.example"})
    assert app.config["PUBLIC_BASE_URL"] == "https://from-test.example"


def test_postgresql_urls_use_psycopg_3():
    app = create_app({"DATABASE_URL": "postgresql://antar@db.internal/antar"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://antar@db.internal/antar"


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigurationError, match="ANTAR_SECRET_KEY"):
        create_app({"MODE": "production"})


def test_production_refuses_the_sandbox_webhook_secret():
    with pytest.raises(ConfigurationError, match="WEBHOOK_SECRET"):
        create_app({"MODE": "production", "SECRET_KEY": "a-long-random-production-secret"})


def test_production_starts_with_real_secrets():
    app = create_app(
        {
            "MODE": "production",
            "SECRET_KEY": "a-long-random-production-secret",
            "CARRIER_WEBHOOK_SECRET": "shared-with-the-carrier",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_mode_is_refused():
    with pytest.raises(ConfigurationError, match="ANTAR_MODE"):
        create_app({"MODE": "staging"})


def test_behind_a_proxy_the_client_address_comes_from_the_forwarded_header():
    from flask import request

    app = create_app({"PROXY_HOPS": 1})

    @app.get("/whoami-test")
    def whoami():
        return request.remote_addr

    client = app.test_client()
    answer = client.get(
        "/whoami-test",
        headers={"X-Forwarded-For": "36.85.12.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert answer.get_data(as_text=True) == "36.85.12.7"


@pytest.mark.parametrize("processes", ["many", "-1", "1.5"])
def test_a_label_process_count_that_is_no_count_is_refused(monkeypatch, processes):
    monkeypatch.setenv("ANTAR_LABEL_PROCESSES", processes)
    with pytest.raises(ConfigurationError, match="ANTAR_LABEL_PROCESSES"):
        create_app()


def test_a_label_font_that_is_no_file_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(tmp_path / "absent.ttf"))
    with pytest.raises(ConfigurationError, match="ANTAR_LABEL_FONT"):
        create_app()


def test_label_settings_come_from_the_environment(monkeypatch, tmp_path):
    font = tmp_path / "label.ttf"
    font.write_bytes(b"")
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(font))
    monkeypatch.setenv("ANTAR_LABEL_PROCESSES", "2")
    app = create_app()
    assert (app.config["LABEL_FONT"], app.config["LABEL_PROCESSES"]) == (str(font), 2)
