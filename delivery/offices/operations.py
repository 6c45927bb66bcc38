"""Creating an office and changing its profile or delivery rule, each change in the audit trail
with the values before and after."""

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.database import db
from delivery.core.errors import Conflict
from delivery.models import Office, User
from delivery.offices.form import read_office_code, read_profile, read_rule

RULE_FIELDS = (
    "receiver_policy", "representative_with_letter", "verification_method",
    "attempts_before_return", "counter_hold_days", "service_level_days", "delivery_fee",
    "takes_back_old_card",
)  # fmt: skip


def create_office(values: Mapping[str, str | None], actor_label: str) -> Office:
    """Create an office from its code and profile, with the default delivery rule."""
    code = read_office_code(values.get("code"))
    profile = read_profile(values)
    if db.session.scalar(sa.select(Office.id).filter_by(code=code)):
        raise Conflict(
            _("An office with the code %(code)s exists already.", code=code), field="code"
        )
    office = Office(code=code, **profile)
    db.session.add(office)
    db.session.flush()
    record_change("office.create", office, after={"code": code} | profile, actor_label=actor_label)
    db.session.commit()
    return office


def update_profile(office: Office, values: Mapping[str, str | None], actor: User) -> bool:
    """Change the office's name, address, phone or hours; return whether anything changed."""
    return apply_changes(office, read_profile(values), "office.profile", actor)


def update_rule(office: Office, values: Mapping[str, str | None], actor: User) -> bool:
    """Change the office's delivery rule; return whether anything changed."""
    return apply_changes(office, read_rule(values), "office.rule", actor)


def apply_changes(office: Office, wanted: dict[str, object], action: str, actor: User) -> bool:
    """Set the values that differ, and audit them with what they were before."""
    before = {field: stored(getattr(office, field)) for field in wanted}
    after = {field: stored(value) for field, value in wanted.items()}
    changed = {field for field in wanted if before[field] != after[field]}
    if not changed:
        return False
    for field in changed:
        setattr(office, field, wanted[field])
    record_change(
        action,
        office,
        actor=actor,
        before={field: before[field] for field in sorted(changed)},
        after={field: after[field] for field in sorted(changed)},
    )
    db.session.commit()
    return True


def rule_of(office: Office) -> dict[str, object]:
    """The office's delivery rule as stored values."""
    return {field: stored(getattr(office, field)) for field in RULE_FIELDS}


def stored(value: object) -> object:
    """A value as the audit trail keeps it (enums by their value)."""
    return getattr(value, "value", value)
