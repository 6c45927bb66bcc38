"""Security headers on every answer, set by Flask-Talisman.

Scripts, styles and everything else load from the app's own origin only, so no inline script
or event handler runs (the pages' scripts are files in delivery/web/static/<actor>/). Pages
cannot be framed, types are not sniffed, no address leaves for another site in a Referer, and
only the courier's pages' own origin may use the camera and the position. HSTS is sent in
production, on requests that arrived over HTTPS; HTTPS itself is the front proxy's job.
"""

from flask import Flask
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "blob:", "data:"],  # photo previews are blob: URLs
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {
    "camera": "(self)",
    "geolocation": "(self)",
    "microphone": "()",
}

talisman = Talisman()


def init_app(app: Flask) -> None:
    """Send the headers on every answer of the app."""
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        force_https=False,
        strict_transport_security=app.config["MODE"] == "production",
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
