from datetime import UTC, datetime

import pytest
from flask import jsonify, render_template_string
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from delivery import create_app


@pytest.fixture
def plain_app():
    return create_app({"DATABASE_URL": "sqlite://"})


def test_answers_write_translated_text_times_and_number_keys(plain_app):
    with plain_app.test_request_context(), force_locale("id"):
        body = jsonify(
            message=_l("Delivered"),
            at=datetime(2026, 5, 12, 7, 0, tzinfo=UTC),
            counts={3: "three"},
        ).get_json()
    assert body == {
        "message": "Diterima",
        "at": "2026-05-12T07:00:00+00:00",
        "counts": {"3": "three"},
    }


def test_tojson_in_a_page_cannot_close_its_script_tag(plain_app):
    with plain_app.test_request_context():
        page = render_template_string("{{ words | tojson }}", words={"text": "</script><b>"})
    assert "</script>" not in page and "<b>" not in page


def test_a_value_json_cannot_write_is_named(plain_app):
    with plain_app.app_context(), pytest.raises(TypeError, match="set"):
        plain_app.json.dumps({"x": {1, 2}})
