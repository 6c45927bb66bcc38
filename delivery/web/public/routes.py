"""The tracking home and the language switch (the lookup itself: delivery.web.public.lookup)."""

from flask import abort, redirect, render_template, request, url_for

from delivery.core.i18n import LANGUAGE_COOKIE
from delivery.core.settings import LANGUAGES
from delivery.web.public import blueprint
from delivery.web.redirects import same_site_path

ONE_YEAR = 365 * 24 * 3600


@blueprint.get("/")
def home():
    return render_template("public/home.html", errors={})


@blueprint.post("/language")
def switch_language():
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400)
    response = redirect(same_site_path(request.form.get("next", "")) or url_for("public.home"))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=ONE_YEAR, samesite="Lax")
    return response
