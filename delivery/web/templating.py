"""Helpers every template can use: words for statuses, fields and types; paging links."""

from flask import Flask

from delivery.vocabulary import (
    document_type_label,
    field_label,
    outcome_label,
    reason_label,
    source_label,
    status_label,
)


def with_page(args: dict, page: int) -> dict:
    """Return the query arguments with another page number."""
    return {**args, "page": page}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        status_label=status_label,
        field_label=field_label,
        document_type_label=document_type_label,
        reason_label=reason_label,
        outcome_label=outcome_label,
        source_label=source_label,
    )
    app.jinja_env.filters["combine_page"] = with_page
