"""Language choice: Bahasa Indonesia by default, English on request, remembered in a cookie."""

from flask import Flask, has_request_context, request
from flask_babel import get_locale

from delivery.settings import LANGUAGES

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    """Pick the visitor's chosen language (API clients: Accept-Language), else Indonesian."""
    if not has_request_context():
        return LANGUAGES[0]
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else LANGUAGES[0]


def init_app(app: Flask) -> None:
    """Give every template the current language and the ones to switch to."""

    @app.context_processor
    def language_context() -> dict:
        current = str(get_locale() or LANGUAGES[0])
        others = {code: LANGUAGE_NAMES[code] for code in LANGUAGES if code != current}
        return {"current_language": current, "other_languages": others}
