"""Words for the roles of accounts."""

from flask_babel import lazy_gettext as _l

from delivery.models import Role

ROLE_LABELS = {
    Role.STAFF: _l("Registry staff"),
    Role.COURIER: _l("Courier"),
    Role.ADMIN: _l("Administrator"),
    Role.SUPERVISOR: _l("Supervisor"),
}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[role])
