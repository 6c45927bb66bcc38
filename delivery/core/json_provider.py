"""JSON for every answer and request body of the app, written and read with orjson.

A tracking answer is written in about a quarter of the work Flask's default provider takes
(see bench/bench_tracking.py). Keys keep the order the code builds them in; datetimes, dates
and UUIDs are written as ISO 8601 and canonical strings, dataclasses as objects, and
translated text (flask-babel's lazy strings, markup) as its text.
"""

from typing import Any

import orjson
from flask import Response
from flask.json.provider import JSONProvider

OPTIONS = orjson.OPT_NON_STR_KEYS


def other_values(value: Any) -> Any:
    """What orjson does not write itself: lazily translated text and markup, as their text."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class OrjsonProvider(JSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        option = OPTIONS | (orjson.OPT_SORT_KEYS if kwargs.get("sort_keys") else 0)
        option |= orjson.OPT_INDENT_2 if kwargs.get("indent") else 0
        return orjson.dumps(obj, default=other_values, option=option).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        body = orjson.dumps(
            self._prepare_response_obj(args, kwargs), default=other_values, option=OPTIONS
        )
        return self._app.response_class(body, mimetype="application/json")
