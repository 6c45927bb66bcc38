"""Privacy pages for the office's admins. A person is found by the NIK typed into a POST form,
so it never travels in an address, a log line or the browser's history."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from delivery.core.clock import utcnow
from delivery.core.errors import DomainError
from delivery.privacy import operations
from delivery.privacy.form import read_confirmation, read_nik, read_retention_days
from delivery.privacy.queries import personal_data_views, privacy_records
from delivery.privacy.words import action_label, erased_words, place_label
from delivery.web.privacy import blueprint
from delivery.web.report_files import download
from delivery.web.request_input import read_page_number
from delivery.web.staff.answers import done_or_refused, refused


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


def person_request(action, done):
    """Run a request about the person whose NIK the form carries; answer on the home page."""
    return done_or_refused(
        lambda: action(current_user.office, read_nik(request.form.get("nik")), admin()),
        home_page,
        done,
        url_for("privacy.home"),
    )


@blueprint.get("/")
def home():
    return home_page()


@blueprint.post("/retention")
def set_retention():
    def save() -> int:
        days = read_retention_days(request.form.get("retention_days"))
        operations.set_retention_days(current_user.office, days, admin())
        return days

    return done_or_refused(
        save,
        home_page,
        lambda days: _("Proofs and phone numbers are now kept %(days)d days.", days=days),
        url_for("privacy.home"),
    )


@blueprint.post("/person/export")
def export_person():
    try:
        nik = read_nik(request.form.get("nik"))
        archive = operations.export_person(current_user.office, nik, admin())
    except DomainError as error:
        return refused(error, home_page)
    return download(archive, "application/zip", f"antar-personal-data-{utcnow():%Y%m%d-%H%M%S}.zip")


@blueprint.post("/person/restrict")
def restrict_person():
    return person_request(
        operations.restrict_person,
        lambda count: ngettext(
            "%(num)d document restricted: it is no longer packed or sent.",
            "%(num)d documents restricted: they are no longer packed or sent.",
            count,
        ),
    )


@blueprint.post("/person/lift-restriction")
def lift_restriction():
    return person_request(
        operations.lift_restriction,
        lambda count: ngettext(
            "%(num)d document may be processed again.",
            "%(num)d documents may be processed again.",
            count,
        ),
    )


@blueprint.post("/person/erase")
def erase_person():
    def erase(office, nik, actor):
        read_confirmation(request.form.get("confirm"))
        return operations.erase_person(office, nik, actor)

    return person_request(
        erase,
        lambda erasure: _(
            "Erased: the person's data on %(documents)d documents and %(parcels)d parcels.",
            documents=erasure.documents,
            parcels=erasure.parcels,
        ),
    )


@blueprint.get("/views")
def views():
    tracking_code = request.args.get("parcel", "").strip()
    return render_template(
        "privacy/views.html",
        page=personal_data_views(current_user.office, tracking_code, read_page_number()),
        tracking_code=tracking_code,
        place_label=place_label,
    )
