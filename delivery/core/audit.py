"""Writing the audit trail: every state change says who, what, which object, before and after."""

from typing import Any

from flask import has_request_context
from flask_login import current_user

from delivery.core.extensions import db
from delivery.models import AuditEntry, Office, User


def record_change(
    action: str,
    target: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: User | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Add an audit entry for a change to `target` to the current transaction."""
    actor = actor or signed_in_user()
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (actor.username if actor else "system"),
        office_id=office_of(target) or (actor.office_id if actor else None),
        action=action,
        object_type=type(target).__name__.lower(),
        object_id=str(target.id),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def office_of(target: Any) -> int | None:
    """The office whose trail records a change to the target: its own, or the office itself."""
    return target.id if isinstance(target, Office) else getattr(target, "office_id", None)


def signed_in_user() -> User | None:
    """Return the user of the current request, if someone is signed in."""
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None
