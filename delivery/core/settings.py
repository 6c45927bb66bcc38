"""Default settings, and the checks a production configuration must pass."""

import os
from typing import Any

from flask import Flask

DEFAULT_SECRET_KEY = "embedded-mode-only-not-a-secret"
LANGUAGES = ("id", "en")


class ConfigurationError(RuntimeError):
    """The settings cannot run the application safely."""


def default_settings(instance_path: str) -> dict[str, Any]:
    """Return the embedded-mode defaults: SQLite in the instance folder, jobs in-process."""
    return {
        "MODE": "embedded",
        "SECRET_KEY": DEFAULT_SECRET_KEY,
        "DATABASE_URL": "sqlite:///" + os.path.join(instance_path, "antar.sqlite3"),
        "DATABASE_REPLICA_URL": "",
        "REPLICA_MAX_LAG_SECONDS": 30,
        "REPLICA_CHECK_SECONDS": 5,
        "REPLICA_CONNECT_TIMEOUT_SECONDS": 2,
        "REDIS_URL": "",
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
        "CARRIER_URL": "http://127.0.0.1:8090",
        "CARRIER_CLIENT_ID": "antar-sandbox",
        "CARRIER_CLIENT_SECRET": "sandbox-secret",
        "CARRIER_WEBHOOK_SECRET": "sandbox-webhook-secret",
        "CARRIER_MAX_RETRIES": 3,
        "CARRIER_BACKOFF_SECONDS": 0.5,
        "SUBMISSION_MAX_ATTEMPTS": 5,
        "POLL_QUIET_MINUTES": 30,
        "POLL_BATCH_SIZE": 100,
        "OUTBOX_LEASE_SECONDS": 20,
        "PERIODIC_SECONDS": 15,
        "WORKER_HEARTBEAT_SECONDS": 5,
        "OUTBOX_ENTRIES_PER_JOB": 100,
        "JOB_RETRY_INTERVALS": [5, 30, 120, 600],
        "RATELIMIT_STORAGE_URI": "memory://",
        # while Redis is down, count in this process's memory rather than fail the request
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "TRACKING_LIMITS_PER_ADDRESS": "10 per minute; 50 per day",
        "TRACKING_LIMITS_PER_CODE": "5 per 15 minutes; 20 per day",
        "RESIDENT_CHANGE_LIMITS": "10 per hour; 30 per day",
        "PROXY_HOPS": 0,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "CLOCK": None,
        "NOTIFIER_BACKEND": "log",
        "NOTIFIER_HTTP_URL": "",
        "NOTIFIER_HTTP_TEMPLATE": {"to": "{phone}", "text": "{message}"},
        "NOTIFIER_HTTP_TOKEN": "",
        "NOTIFIER_HTTP_TIMEOUT": 10,
        "VERIFICATION_MAX_TRIES": 5,
        "LABEL_FONT": "",
        "LABEL_PROCESSES": 0,
    }


def apply_derived_settings(app: Flask) -> None:
    """Fill the settings that extensions read from the ones Antar documents."""
    url = normalize_database_url(app.config["DATABASE_URL"])
    private = private_engine_options(app.config["MODE"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database_engine_options(url) | private
    app.config["SQLALCHEMY_BINDS"] = replica_binds(app.config, private)
    if app.config["REDIS_URL"] and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if app.config["MODE"] == "production":
        app.config["SESSION_COOKIE_SECURE"] = True  # production is served over HTTPS only


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def database_engine_options(url: str) -> dict[str, Any]:
    """PostgreSQL sessions speak UTC, as every stored time is UTC: timestamps then come back
    with a fixed UTC offset instead of a time zone looked up for each value."""
    if url.startswith("postgresql"):
        return {"connect_args": {"options": "-c timezone=UTC"}}
    return {}


def replica_binds(config, private: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The read replica's engine, when one is set: Flask-SQLAlchemy's bind `replica`
    (delivery.core.replica). It gives up connecting after a few seconds, so a replica that
    is down costs a page little before the primary answers instead."""
    if not config["DATABASE_REPLICA_URL"]:
        return {}
    url = normalize_database_url(config["DATABASE_REPLICA_URL"])
    options = database_engine_options(url) | private
    timeout = config["REPLICA_CONNECT_TIMEOUT_SECONDS"]
    options.setdefault("connect_args", {})["connect_timeout"] = timeout
    return {"replica": {"url": url, **options}}


def private_engine_options(mode: str) -> dict[str, Any]:
    """In production, database errors do not carry their statement's parameters (NIKs, KK
    numbers): tracebacks are masked in the logs too, this keeps them out of the exception."""
    return {"hide_parameters": True} if mode == "production" else {}


def check_production_settings(app: Flask) -> None:
    """Refuse to run in production mode with settings that are only fit for a demo."""
    if app.config["MODE"] not in ("embedded", "production"):
        raise ConfigurationError("ANTAR_MODE must be 'embedded' or 'production'")
    check_label_settings(app)
    check_replica_settings(app)
    if app.config["MODE"] != "production":
        return
    if app.config["SECRET_KEY"] in ("", DEFAULT_SECRET_KEY):
        raise ConfigurationError("set ANTAR_SECRET_KEY to a long random value in production")
    if app.config["CARRIER_WEBHOOK_SECRET"] == "sandbox-webhook-secret":
        raise ConfigurationError("set ANTAR_CARRIER_WEBHOOK_SECRET in production")


def check_label_settings(app: Flask) -> None:
    """Refuse a label font file that is missing, or a process count that is no count."""
    font = app.config["LABEL_FONT"]
    if font and not os.path.isfile(font):
        raise ConfigurationError(f"ANTAR_LABEL_FONT names no file: {font}")
    processes = app.config["LABEL_PROCESSES"]
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 0:
        raise ConfigurationError(
            "ANTAR_LABEL_PROCESSES must be a whole number: 0 for one per CPU core, 1 for this one"
        )


def check_replica_settings(app: Flask) -> None:
    """Refuse a read replica that is not PostgreSQL beside a PostgreSQL primary, and replica
    timings that are not numbers of seconds."""
    if not app.config["DATABASE_REPLICA_URL"]:
        return
    urls = (app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_BINDS"]["replica"]["url"])
    if not all(url.startswith("postgresql") for url in urls):
        raise ConfigurationError(
            "ANTAR_DATABASE_REPLICA_URL must name a PostgreSQL streaming standby of a "
            "PostgreSQL ANTAR_DATABASE_URL"
        )
    for name in ("REPLICA_MAX_LAG_SECONDS", "REPLICA_CHECK_SECONDS"):
        if not is_seconds(app.config[name]):
            raise ConfigurationError(f"ANTAR_{name} must be a number of seconds, 0 or more")
    timeout = app.config["REPLICA_CONNECT_TIMEOUT_SECONDS"]
    if not is_seconds(timeout) or not isinstance(timeout, int) or timeout < 1:
        raise ConfigurationError(
            "ANTAR_REPLICA_CONNECT_TIMEOUT_SECONDS must be a whole number, 1 or more"
        )


def is_seconds(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
