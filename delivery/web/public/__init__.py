"""Pages for residents, who have no account."""

from flask import Blueprint

blueprint = Blueprint("public", __name__)

from delivery.web.public import label_link, routes  # noqa: E402,F401
