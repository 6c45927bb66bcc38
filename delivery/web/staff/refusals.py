"""How a staff action that the domain refuses is answered: the same page, a 4xx, no change."""

from collections.abc import Callable

from flask import flash

from delivery.core.database import db
from delivery.core.errors import DomainError


def refused(error: DomainError, page: Callable[[], str]) -> tuple[str, int]:
    """Undo anything half-done, say what was wrong, and show the page again with a 4xx."""
    db.session.rollback()
    flash(error.message, "error")
    return page(), error.status
