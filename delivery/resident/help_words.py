"""The sentences about residents' choices: for the resident, the staff and the courier."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.models import CollectionPlace, Office, Parcel, ParcelStatus, RequestKind
from delivery.models import ResidentRequest as Request
from delivery.resident.view import mask_name
from delivery.resident.words import counter_address

KIND_LABELS = {
    RequestKind.DIRECTIONS: _l("Directions"),
    RequestKind.PHONE: _l("Phone for messages"),
    RequestKind.COLLECTION: _l("Where to receive it"),
    RequestKind.REPRESENTATIVE: _l("Representative"),
    RequestKind.NEXT_TRY_DAY: _l("Day of the next try"),
}
PLACE_LABELS = {
    CollectionPlace.HOME: _l("Delivered at home"),
    CollectionPlace.OFFICE_COUNTER: _l("Collected at the office counter"),
    CollectionPlace.VILLAGE_OFFICE: _l("Collected at the village office"),
}


def kind_label(kind: RequestKind) -> str:
    return str(KIND_LABELS[kind])


def place_label(place: str) -> str:
    return str(PLACE_LABELS[CollectionPlace(place)])


def written_day(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "full")


def choice_text(request: Request) -> str:
    """What the resident chose, in a few words (a corrected phone only by its last digits)."""
    details = request.details
    if request.kind == RequestKind.DIRECTIONS:
        return details["directions"]
    if request.kind == RequestKind.PHONE:
        if details.get("confirmed"):
            return _("confirmed")
        return _("corrected, ending in %(digits)s", digits=details["phone"][-3:])
    if request.kind == RequestKind.COLLECTION:
        return place_label(details["place"])
    if request.kind == RequestKind.REPRESENTATIVE:
        return _("%(name)s, with a signed letter and their ID", name=details["name"])
    return written_day(details["day"])


def resident_choice_text(request: Request) -> str:
    """What the tracking page says of a choice: no more than the lookup shows, so no directions
    (the lookup shows no street) and a representative's name masked like the holders'."""
    if request.kind == RequestKind.DIRECTIONS:
        return _("added; the courier sees them")
    if request.kind == RequestKind.PHONE:
        return _("confirmed") if request.details.get("confirmed") else _("corrected")
    if request.kind == RequestKind.REPRESENTATIVE:
        return mask_name(request.details["name"])
    return choice_text(request)


def choice_step(
    status: ParcelStatus, choices: dict[RequestKind, Request], office: Office, village: str
) -> str | None:
    """The next step as the resident's choices make it, or None to keep the usual one."""
    collection = choices.get(RequestKind.COLLECTION)
    place = CollectionPlace(collection.details["place"]) if collection else CollectionPlace.HOME
    if place == CollectionPlace.OFFICE_COUNTER and status != ParcelStatus.RETURNED:
        return counter_step(status, office)
    if place == CollectionPlace.VILLAGE_OFFICE:
        return _(
            "As you chose, the courier brings it to the village office of %(village)s. "
            "Collect it there with an ID.",
            village=village,
        )
    next_try = choices.get(RequestKind.NEXT_TRY_DAY)
    if next_try and status == ParcelStatus.ATTEMPT_FAILED:
        return _(
            "As you asked, the courier will try again on %(day)s.",
            day=written_day(next_try.details["day"]),
        )
    return None


def counter_step(status: ParcelStatus, office: Office) -> str:
    if status == ParcelStatus.READY:
        return _(
            "As you chose, it stays at the office for you: collect it at %(office)s, "
            "%(address)s, and bring an ID.",
            office=office.name,
            address=counter_address(office),
        )
    return _(
        "As you chose, the post brings it back to the office. This page will say when you "
        "can collect it there."
    )


def doorstep_notes(parcel: Parcel, choices: dict[RequestKind, Request]) -> list[str]:
    """What the courier must know at the door, from the resident's choices."""
    notes = []
    collection = choices.get(RequestKind.COLLECTION)
    if collection and collection.details["place"] == CollectionPlace.VILLAGE_OFFICE:
        notes.append(_("Deliver to the village office of %(village)s.", village=parcel.village))
    elif collection and collection.details["place"] == CollectionPlace.OFFICE_COUNTER:
        notes.append(_("The resident collects it at the office: do not deliver it."))
    if RequestKind.REPRESENTATIVE in choices:
        notes.append(
            _(
                "The resident named a representative: %(name)s (with a signed letter and an ID).",
                name=choices[RequestKind.REPRESENTATIVE].details["name"],
            )
        )
    if RequestKind.NEXT_TRY_DAY in choices and parcel.status == ParcelStatus.ATTEMPT_FAILED:
        day = written_day(choices[RequestKind.NEXT_TRY_DAY].details["day"])
        notes.append(_("The resident asks for the next try on %(day)s.", day=day))
    return notes
