"""Choosing a new password: asked of everyone whose password an admin set or reset, before any
other page; open to every signed-in person."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from delivery.accounts.operations import change_own_password
from delivery.core.database import db
from delivery.core.errors import DomainError
from delivery.web.auth import blueprint
from delivery.web.auth.routes import home_for

ALWAYS_OPEN = frozenset({"auth.change_password", "auth.logout", "static", "public.switch_language"})


@blueprint.before_app_request
def require_own_password():
    """Send someone who must choose a new password to that page, whatever they asked for."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in ALWAYS_OPEN
        and not request.path.startswith("/api/")
    ):
        return redirect(url_for("auth.change_password"))
    return None


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    errors = {}
    if request.method == "POST":
        form = request.form
        try:
            change_own_password(
                current_user._get_current_object(),
                form.get("current_password", ""),
                form.get("new_password", ""),
                form.get("repeat_password", ""),
            )
        except DomainError as error:
            db.session.rollback()
            errors = {error.field: error.message}
        else:
            flash(_("Your new password is saved."), "success")
            return redirect(home_for(current_user))
    status = 422 if errors else 200
    return render_template("auth/password.html", errors=errors), status
