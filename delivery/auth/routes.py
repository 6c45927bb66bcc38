"""Sign-in sends each role to its home; sign-out is a POST so no link can do it by surprise."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from delivery.auth import blueprint
from delivery.auth.forms import LoginForm
from delivery.extensions import db, limiter
from delivery.models import Role, User


def home_for(user: User) -> str:
    """Return the URL of the user's home page."""
    return url_for("courier.home") if user.role == Role.COURIER else url_for("staff.home")


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data.strip()))
        if user and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(home_for(user))
        flash(_("Wrong username or password."), "error")
        return render_template("auth/login.html", form=form), 401
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
