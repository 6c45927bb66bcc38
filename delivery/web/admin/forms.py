"""How an admin page answers a refused form: the same page, the field marked, a 4xx."""

from collections.abc import Callable

from delivery.core.database import db
from delivery.core.errors import DomainError


def refused_form(error: DomainError, page: Callable[..., str], **values) -> tuple[str, int]:
    """Undo anything half-done and show the page again with the error beside its field."""
    db.session.rollback()
    errors = {error.field or "form": error.message}
    return page(errors=errors, **values), error.status
