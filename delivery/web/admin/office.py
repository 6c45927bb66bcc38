"""The office's profile and its delivery rule."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.errors import DomainError
from delivery.offices.form import PROFILE_FIELDS, REQUIRED_PROFILE_FIELDS
from delivery.offices.operations import rule_of, update_profile, update_rule
from delivery.offices.words import (
    POLICY_CHOICES,
    VERIFICATION_CHOICES,
    office_field_label,
    rule_summary,
    rupiah,
)
from delivery.web.admin import blueprint
from delivery.web.admin.forms import refused_form


def office_page(errors: dict | None = None, profile=None, rule=None) -> str:
    office = current_user.office
    return render_template(
        "admin/office.html",
        office=office,
        profile=profile or {field: getattr(office, field) for field in PROFILE_FIELDS},
        rule=rule or rule_of(office),
        summary=rule_summary(office),
        profile_fields=PROFILE_FIELDS,
        required_fields=REQUIRED_PROFILE_FIELDS,
        policies=POLICY_CHOICES,
        verifications=VERIFICATION_CHOICES,
        rupiah=rupiah,
        errors=errors or {},
        office_field_label=office_field_label,
    )


@blueprint.get("/")
def office():
    return office_page()


@blueprint.post("/profile")
def change_profile():
    try:
        changed = update_profile(current_user.office, request.form, current_user)
    except DomainError as error:
        return refused_form(error, office_page, profile=request.form.to_dict())
    flash(_("The office's profile is saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("admin.office"))


@blueprint.post("/rule")
def change_rule():
    try:
        changed = update_rule(current_user.office, request.form, current_user)
    except DomainError as error:
        return refused_form(error, office_page, rule=request.form.to_dict())
    flash(_("The delivery rule is saved.") if changed else _("Nothing changed."), "success")
    return redirect(url_for("admin.office") + "#rule")
