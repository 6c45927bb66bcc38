"""Helpers every template can use: words for statuses, reasons, fields and types; paging links."""

from collections.abc import Callable

from flask import Flask
from flask_babel import format_decimal

from delivery import vocabulary


def template_helpers(*functions: Callable) -> dict[str, Callable]:
    """Offer functions to templates under their own names."""
    return {function.__name__: function for function in functions}


def with_page(args: dict, page: int) -> dict:
    """Return the query arguments with another page number."""
    return {**args, "page": page}


def without_empty(values: dict) -> dict:
    """Leave out the filters not set, so that a list's address names only those that are."""
    return {name: value for name, value in values.items() if value}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        template_helpers(
            vocabulary.status_label,
            vocabulary.field_label,
            vocabulary.document_type_label,
            vocabulary.reason_label,
            vocabulary.outcome_label,
            vocabulary.source_label,
            vocabulary.relation_label,
            vocabulary.who_may_receive,
        )
    )
    app.jinja_env.filters["combine_page"] = with_page
    app.jinja_env.filters["reject_empty"] = without_empty
    app.jinja_env.filters["number"] = format_decimal
