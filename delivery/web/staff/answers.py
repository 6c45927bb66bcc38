"""How a staff action is answered: done, it says what it did and moves on; refused by the
domain, it shows the same page again with a 4xx, and nothing changed."""

from collections.abc import Callable
from typing import Any

from flask import flash, redirect

from delivery.core.database import db
from delivery.core.errors import DomainError


def refused(error: DomainError, page: Callable[[], str]) -> tuple[str, int]:
    """Undo anything half-done, say what was wrong, and show the page again with a 4xx."""
    db.session.rollback()
    flash(error.message, "error")
    return page(), error.status


def done_or_refused(
    action: Callable[[], Any],
    page: Callable[[], str],
    done: str | Callable[[Any], str],
    next_url: str,
):
    """Run the action; say what it did (`done`, or `done` of what it returned) and go on to
    next_url, or answer its refusal on the page it came from."""
    try:
        result = action()
    except DomainError as error:
        return refused(error, page)
    flash(done(result) if callable(done) else done, "success")
    return redirect(next_url)
