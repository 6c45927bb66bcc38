"""The tracking home and the language switch."""

from urllib.parse import urlsplit

from flask import abort, redirect, render_template, request, url_for

from delivery.i18n import LANGUAGE_COOKIE
from delivery.public import blueprint
from delivery.settings import LANGUAGES

ONE_YEAR = 365 * 24 * 3600


@blueprint.get("/")
def home():
    return render_template("public/home.html")


@blueprint.post("/language")
def switch_language():
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400)
    response = redirect(same_site_path(request.form.get("next", "")) or url_for("public.home"))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=ONE_YEAR, samesite="Lax")
    return response


def same_site_path(target: str) -> str | None:
    """Return the target if it is a path on this site, so the switch cannot redirect away."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
