"""What every request must be before a view reads it: text and ids the database can hold.

PostgreSQL refuses NUL characters in text and integers beyond its column types; a request
carrying either is refused here, naming the field, instead of failing in the database.
"""

from collections.abc import Iterable

from flask import Flask, request
from flask_babel import gettext as _

from delivery.core.errors import DomainError, NotFound
from delivery.intake.fields import CONTROL_CHARACTERS

LARGEST_ID = 2**31 - 1  # ids are PostgreSQL integer columns


def check_path_values() -> None:
    """Refuse path parts with control characters, and ids no row can have."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise DomainError(
                _("This part of the address may not contain control characters."), field=name
            )
        if isinstance(value, int) and not 1 <= value <= LARGEST_ID:
            raise NotFound(_("No record has this id."), field=name)


def check_sent_values() -> None:
    """Refuse query and form values with a NUL character, which no text column can store."""
    for values in (request.args, request.form):
        for name, value in values.items(multi=True):
            if "\x00" in value:
                raise DomainError(_("This value may not contain a NUL character."), field=name)


def is_sent_text(value: object) -> bool:
    """Tell whether a value from a JSON body is text a database column can hold."""
    return isinstance(value, str) and "\x00" not in value


def read_ids(values: Iterable[str]) -> list[int]:
    """Read the ids among the values sent: whole numbers a row can have; others are left out."""
    return [int(value) for value in values if is_id_text(value)]


def read_page_number() -> int:
    """Read the page of a list asked for in the query string; the first if none or unreadable."""
    return request.args.get("page", 1, type=int)


def is_id_text(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 10 and 0 < int(value) <= LARGEST_ID


def register_input_checks(app: Flask) -> None:
    app.before_request(check_path_values)
    app.before_request(check_sent_values)
