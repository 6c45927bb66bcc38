"""Embedded mode only: the messages residents were sent, one-time codes included, so that a
demo can be finished at the door. Production mode has no such page."""

from flask import abort, current_app, render_template
from flask_login import current_user

from delivery.notifications.demo_inbox import office_messages
from delivery.web.admin import blueprint


@blueprint.get("/messages")
def messages():
    if current_app.config["MODE"] != "embedded":
        abort(404)
    return render_template("admin/messages.html", messages=office_messages(current_user.office))
