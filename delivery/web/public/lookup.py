"""The resident's lookup by POST (nothing personal in a URL): the only route of its blueprint,
so the lookup limits cover it and nothing else on the public pages."""

from flask import Blueprint, redirect, render_template, request, url_for

from delivery.resident.form import (
    InvalidTrackingRequest,
    birth_date_from_parts,
    read_identifier,
)
from delivery.resident.lookup import TrackingRequest, find_parcel_for_resident
from delivery.resident.words import local_day, local_time, next_step
from delivery.web.caching import NOT_STORED
from delivery.web.public.limits import limit_tracking_lookups
from delivery.web.templating import template_helpers

blueprint = Blueprint("lookup", __name__)
limit_tracking_lookups(blueprint)


@blueprint.post("/track")
def track():
    tracking_request, errors = read_tracking_form()
    if errors:
        return private(render_template("public/home.html", errors=errors), 400)
    view = find_parcel_for_resident(tracking_request)
    if view is None:
        return private(render_template("public/home.html", errors={}, not_found=True), 404)
    return private(render_template("public/result.html", view=view), 200)


@blueprint.get("/track")
def track_form():
    return redirect(url_for("public.home"))


def read_tracking_form() -> tuple[TrackingRequest | None, dict[str, str]]:
    """Read the code and the birth date from the form, naming every field that is wrong."""
    errors: dict[str, str] = {}
    code = read_field(errors, read_identifier, request.form.get("code"))
    parts = (request.form.get(part, "") for part in ("day", "month", "year"))
    born = read_field(errors, birth_date_from_parts, *parts)
    return (None if errors else TrackingRequest(code, born)), errors


def read_field(errors: dict[str, str], reader, *typed):
    """Read one field; if it cannot be read, note the message under the field's name."""
    try:
        return reader(*typed)
    except InvalidTrackingRequest as error:
        errors[error.field] = error.message
        return None


@blueprint.context_processor
def tracking_words() -> dict:
    """Give the result page the sentences and the dates in the visitor's language."""
    return template_helpers(next_step, local_time, local_day)


def private(page: str, status: int):
    """Answer with a page that no browser or proxy may keep."""
    return page, status, NOT_STORED
