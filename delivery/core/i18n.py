"""Language choice: Bahasa Indonesia by default, English on request, remembered in a cookie."""

import functools

from babel import Locale
from flask import Flask, has_request_context, request
from flask_babel import get_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from delivery.core.settings import LANGUAGES

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


def select_locale() -> Locale:
    """Pick the visitor's chosen language (API clients: Accept-Language), else Indonesian."""
    if not has_request_context():
        return LOCALES[LANGUAGES[0]]
    if request.path.startswith("/api/"):
        return LOCALES[accepted_language(request.headers.get("Accept-Language", ""))]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return LOCALES[chosen if chosen in LANGUAGES else LANGUAGES[0]]


@functools.lru_cache(maxsize=256)
def accepted_language(header: str) -> str:
    """The best of our languages for an Accept-Language header; clients send few distinct ones."""
    accepted = parse_accept_header(header, LanguageAccept)
    return accepted.best_match(LANGUAGES) or LANGUAGES[0]


def init_app(app: Flask) -> None:
    """Give every template the current language and the ones to switch to."""

    @app.context_processor
    def language_context() -> dict:
        current = str(get_locale() or LANGUAGES[0])
        others = {code: LANGUAGE_NAMES[code] for code in LANGUAGES if code != current}
        return {"current_language": current, "other_languages": others}
