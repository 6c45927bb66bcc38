"""Privacy pages for the office's admins. A person is found by the NIK typed into a POST form,
so it never travels in an address, a log line or the browser's history."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.clock import utcnow
from delivery.core.errors import DomainError
from delivery.privacy import operations
from delivery.privacy.form import read_confirmation, read_nik, read_retention_days
from delivery.privacy.queries import PAGE_SIZE, personal_data_views, privacy_records
from delivery.privacy.words import action_label, erased_words, place_label
from delivery.web.privacy import blueprint
from delivery.web.report_files import download
from delivery.web.staff.refusals import refused


def admin():
    return current_user._get_current_object()


def home_page() -> str:
    office = current_user.office
    return render_template(
        "privacy/home.html",
        office=office,
        records=privacy_records(office),
        action_label=action_label,
        erased_words=erased_words,
    )


@blueprint.get("/")
def home():
    return home_page()


@blueprint.post("/retention")
def set_retention():
    try:
        days = read_retention_days(request.form.get("retention_days"))
    except DomainError as error:
        return refused(error, home_page)
    operations.set_retention_days(current_user.office, days, admin())
    flash(_("Proofs and phone numbers are now kept %(days)d days.", days=days), "success")
    return redirect(url_for("privacy.home"))


@blueprint.post("/person/export")
def export_person():
    try:
        archive = operations.export_person(
            current_user.office, read_nik(request.form.get("nik")), admin()
        )
    except DomainError as error:
        return refused(error, home_page)
    filename = f"antar-personal-data-{utcnow():%Y%m%d-%H%M%S}.zip"
    return download(archive, "application/zip", filename)


@blueprint.post("/person/restrict")
def restrict_person():
    try:
        count = operations.restrict_person(
            current_user.office, read_nik(request.form.get("nik")), admin()
        )
    except DomainError as error:
        return refused(error, home_page)
    flash(
        ngettext(
            "%(num)d document restricted: it is no longer packed or sent.",
            "%(num)d documents restricted: they are no longer packed or sent.",
            count,
        ),
        "success",
    )
    return redirect(url_for("privacy.home"))


@blueprint.post("/person/lift-restriction")
def lift_restriction():
    try:
        count = operations.lift_restriction(
            current_user.office, read_nik(request.form.get("nik")), admin()
        )
    except DomainError as error:
        return refused(error, home_page)
    flash(
        ngettext(
            "%(num)d document may be processed again.",
            "%(num)d documents may be processed again.",
            count,
        ),
        "success",
    )
    return redirect(url_for("privacy.home"))


@blueprint.post("/person/erase")
def erase_person():
    try:
        nik = read_nik(request.form.get("nik"))
        read_confirmation(request.form.get("confirm"))
        erasure = operations.erase_person(current_user.office, nik, admin())
    except DomainError as error:
        return refused(error, home_page)
    flash(
        _(
            "Erased: the person's data on %(documents)d documents and %(parcels)d parcels.",
            documents=erasure.documents,
            parcels=erasure.parcels,
        ),
        "success",
    )
    return redirect(url_for("privacy.home"))


@blueprint.get("/views")
def views():
    tracking_code = request.args.get("parcel", "").strip()
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = personal_data_views(current_user.office, tracking_code, page)
    return render_template(
        "privacy/views.html",
        views=rows,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        tracking_code=tracking_code,
        place_label=place_label,
    )
