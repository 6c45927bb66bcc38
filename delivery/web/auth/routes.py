"""Sign-in sends each role to its home; sign-out is a POST so no link can do it by surprise.

A wrong password and a locked account get the same answer, so nobody learns from it which
usernames exist; the answer says that accounts lock after repeated failures."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from delivery.accounts.lockout import FREE_FAILURES, sign_in
from delivery.core.extensions import limiter
from delivery.models import Role, User
from delivery.web.auth import blueprint
from delivery.web.auth.forms import LoginForm

HOMES = {
    Role.COURIER: "courier.home",
    Role.ADMIN: "admin.office",
    Role.SUPERVISOR: "supervisor.offices",
}


def home_for(user: User) -> str:
    """Return the URL of the user's home page."""
    return url_for(HOMES.get(user.role, "staff.home"))


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = sign_in(form.username.data.strip(), form.password.data)
        if user:
            login_user(user)
            return redirect(home_for(user))
        flash(_("Wrong username or password."), "error")
        page = render_template("auth/login.html", form=form, lock_after=FREE_FAILURES)
        return page, 401
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
