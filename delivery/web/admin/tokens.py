"""API tokens of the office's accounts: issue one (shown once) or revoke it."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.accounts.operations import issue_token, revoke_token
from delivery.accounts.queries import office_token, office_tokens, office_user, office_users
from delivery.core.errors import DomainError
from delivery.models import Role
from delivery.web.admin import blueprint
from delivery.web.admin.forms import refused_form


def tokens_page(errors: dict | None = None, values: dict | None = None, **shown) -> str:
    return render_template(
        "admin/tokens.html",
        tokens=office_tokens(current_user.office),
        holders=[
            user
            for user in office_users(current_user.office)
            if user.active and user.role != Role.COURIER
        ],
        values=values or {},
        errors=errors or {},
        **shown,
    )


@blueprint.get("/tokens")
def tokens():
    return tokens_page()


@blueprint.post("/tokens")
def add_token():
    """Issue a token and show it on this answer only: only its hash is kept."""
    values = {"user_id": request.form.get("user_id", ""), "name": request.form.get("name", "")}
    user = office_user(current_user.office, request.form.get("user_id", 0, type=int))
    try:
        if user is None or not user.active:
            raise DomainError(_("Choose an account of your office."), field="user_id")
        plain = issue_token(user, values["name"], actor=current_user)
    except DomainError as error:
        return refused_form(error, tokens_page, values=values)
    return tokens_page(issued_token=plain, issued_for=user)


@blueprint.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    token = office_token(current_user.office, token_id)
    if token is None:
        abort(404)
    revoke_token(token, actor=current_user)
    flash(_("The token ending in %(hint)s is revoked.", hint=token.hint), "success")
    return redirect(url_for("admin.tokens"))
