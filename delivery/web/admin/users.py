"""The office's accounts: create staff, couriers and admins, switch them off, reset passwords."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.accounts.form import OFFICE_ROLES
from delivery.accounts.lockout import is_locked
from delivery.accounts.operations import create_user, reset_password, set_active
from delivery.accounts.queries import office_user, office_users
from delivery.core.errors import DomainError
from delivery.models import Role, User
from delivery.web.admin import blueprint
from delivery.web.admin.forms import refused_form

NEW_USER_FIELDS = ("username", "full_name", "role")


def users_page(errors: dict | None = None, values: dict | None = None, **shown) -> str:
    return render_template(
        "admin/users.html",
        users=office_users(current_user.office),
        roles=list(OFFICE_ROLES),
        values=values or {"role": Role.COURIER.value},
        errors=errors or {},
        is_locked=is_locked,
        **shown,
    )


def office_user_or_404(user_id: int) -> User:
    user = office_user(current_user.office, user_id)
    if user is None:
        abort(404)
    return user


@blueprint.get("/users")
def users():
    return users_page()


@blueprint.post("/users")
def add_user():
    form = request.form
    values = {field: form.get(field, "") for field in NEW_USER_FIELDS}
    try:
        user = create_user(
            current_user.office,
            values["username"],
            values["full_name"],
            values["role"],
            form.get("password"),
            actor=current_user,
            must_change_password=True,
        )
    except DomainError as error:
        return refused_form(error, users_page, values=values)
    flash(
        _(
            "%(name)s can sign in as %(username)s with the password you chose, and will be "
            "asked to choose their own.",
            name=user.full_name,
            username=user.username,
        ),
        "success",
    )
    return redirect(url_for("admin.users"))


@blueprint.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int):
    return switch(office_user_or_404(user_id), False)


@blueprint.post("/users/<int:user_id>/activate")
def activate_user(user_id: int):
    return switch(office_user_or_404(user_id), True)


def switch(user: User, active: bool):
    try:
        set_active(user, active, current_user)
    except DomainError as error:
        return refused_form(error, users_page)
    message = (
        _("%(username)s can sign in again.", username=user.username)
        if active
        else _("%(username)s can no longer sign in or use API tokens.", username=user.username)
    )
    flash(message, "success")
    return redirect(url_for("admin.users"))


@blueprint.post("/users/<int:user_id>/reset-password")
def reset_user_password(user_id: int):
    """Show the temporary password once, on this answer only (never stored in plain)."""
    user = office_user_or_404(user_id)
    temporary = reset_password(user, current_user)
    return users_page(reset_for=user, temporary_password=temporary)
