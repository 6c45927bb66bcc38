"""Residents help their parcel home, after looking it up with the code and a birth date.

A successful lookup lets the browser's session change that parcel for a short while; nothing
personal is in a URL, and the pages show nothing the lookup did not (the stored phone number
is never shown: the resident types the number for messages). Changes are rate-limited per
address, and limited to one of each kind a day per parcel.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import DomainError, NotAllowed
from delivery.core.extensions import limiter
from delivery.models import Parcel, ParcelStatus
from delivery.resident import help_words
from delivery.resident.requests import (
    collection_places,
    current_choices,
    next_try_days,
    open_kinds,
    record_request,
)

blueprint = Blueprint("resident_help", __name__)
GRANT = "resident_help"
GRANT_MINUTES = 20
PRIVATE = {"Cache-Control": "no-store"}


def change_limits() -> str:
    return current_app.config["RESIDENT_CHANGE_LIMITS"]


def grant_help(tracking_code: str) -> None:
    """Let this browser change the parcel it just looked up, for a while."""
    until = utcnow() + timedelta(minutes=GRANT_MINUTES)
    session[GRANT] = {"code": tracking_code, "until": until.timestamp()}


def granted_parcel() -> Parcel:
    """The parcel this browser may change, or 403 asking to look it up again."""
    grant = session.get(GRANT)
    parcel = None
    if isinstance(grant, dict) and grant.get("until", 0) > utcnow().timestamp():
        parcel = db.session.scalar(
            sa.select(Parcel).where(
                Parcel.tracking_code == str(grant.get("code")),
                Parcel.status != ParcelStatus.CANCELLED,
            )
        )
    if parcel is None:
        raise NotAllowed(_("Look your parcel up again with its code and a date of birth."))
    return parcel


def help_context(parcel: Parcel, errors: dict[str, str] | None = None) -> dict:
    """What the help section shows: the resident's choices, the next step they make, the forms."""
    choices = current_choices(parcel.id)
    return {
        "parcel_code": parcel.tracking_code,
        "status": parcel.status,
        "kinds": open_kinds(parcel),
        "choices": choices,
        "places": collection_places(parcel.office),
        "days": next_try_days(),
        "step": help_words.choice_step(parcel.status, choices, parcel.office, parcel.village),
        "errors": errors or {},
    }


def help_for_lookup(tracking_code: str) -> dict:
    """Grant the change and give the result page its help section."""
    grant_help(tracking_code)
    parcel = db.session.scalar(sa.select(Parcel).where(Parcel.tracking_code == tracking_code))
    return help_context(parcel)


@blueprint.get("/track/help")
def help_page():
    parcel = granted_parcel()
    return render_template("public/help.html", help=help_context(parcel)), 200, PRIVATE


@blueprint.post("/track/help/<kind>")
@limiter.limit(change_limits, methods=["POST"])
def change(kind: str):
    parcel = granted_parcel()
    try:
        record_request(parcel, kind, request.form)
    except DomainError as error:
        db.session.rollback()
        page = render_template("public/help.html", help=help_context(parcel, {kind: error.message}))
        return page, error.status, PRIVATE
    flash(_("Thank you. The office and the courier will see your choice."), "success")
    return redirect(url_for("resident_help.help_page"))


@blueprint.app_context_processor
def help_words_for_templates() -> dict:
    return {
        "kind_label": help_words.kind_label,
        "place_label": help_words.place_label,
        "choice_text": help_words.choice_text,
        "resident_choice_text": help_words.resident_choice_text,
        "written_day": help_words.written_day,
    }
