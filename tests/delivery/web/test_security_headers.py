"""Every answer carries the security headers; HSTS only in production, over HTTPS."""

import pytest

from delivery import create_app

PRODUCTION = {
    "MODE": "production",
    "SECRET_KEY": "a-long-random-production-secret",
    "CARRIER_WEBHOOK_SECRET": "a-real-webhook-secret",
    "PROXY_HOPS": 1,
}


@pytest.mark.parametrize(
    "path", ["/", "/login", "/staff/", "/no-such-page", "/api/v1/parcels", "/static/shared/app.css"]
)
def test_every_answer_carries_the_security_headers(client, path):
    with client.get(path) as answer:
        headers = answer.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers


def test_production_behind_an_https_proxy_sends_hsts(app_config):
    client = create_app(app_config | PRODUCTION).test_client()
    answer = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=315")  # a year
    assert "Secure" in answer.headers["Set-Cookie"]


def test_the_embedded_demo_sends_no_hsts_even_behind_https(client):
    answer = client.get("/login", base_url="https://localhost")
    assert "Strict-Transport-Security" not in answer.headers
