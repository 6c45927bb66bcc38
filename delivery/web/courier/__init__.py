"""Pages for couriers on their round, phone first, working without signal once loaded."""

from flask import Blueprint

from delivery.doorstep.words import code_label, courier_script_words, how_to_verify, rule_extras
from delivery.models import Role
from delivery.offices.words import rupiah
from delivery.web.access import restrict_blueprint
from delivery.web.templating import template_helpers

blueprint = Blueprint("courier", __name__)
restrict_blueprint(blueprint, Role.COURIER)


@blueprint.context_processor
def doorstep_words() -> dict:
    """Let the courier's pages say how to check the receiver, and give their scripts words."""
    return template_helpers(how_to_verify, code_label, courier_script_words, rule_extras, rupiah)


from delivery.web.courier import (  # noqa: E402,F401
    doorstep,
    offline,
    resident_notes,
    routes,
    scan,
)
