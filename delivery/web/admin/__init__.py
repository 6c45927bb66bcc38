"""Pages for an office's administrators: its profile and delivery rule, its people and API
tokens, its audit trail, and (embedded mode only) the messages residents were sent."""

from flask import Blueprint

from delivery.accounts.words import role_label
from delivery.models import Role
from delivery.web.access import restrict_blueprint

blueprint = Blueprint("admin", __name__)
restrict_blueprint(blueprint, Role.ADMIN)


@blueprint.context_processor
def account_words() -> dict:
    return {"role_label": role_label}


from delivery.web.admin import audit, messages, office, tokens, users  # noqa: E402,F401
