"""The sentences a resident reads about their parcel: who received it and what to do next."""

import functools
from datetime import date, datetime, time, timedelta

from babel.dates import format_date as format_babel_date
from babel.dates import format_time as format_babel_time
from flask_babel import get_locale
from flask_babel import gettext as _

from delivery.core.clock import default_zone
from delivery.models import Office, ParcelStatus
from delivery.offices.words import rupiah
from delivery.resident.view import ResidentView, today
from delivery.vocabulary import relation_label, who_may_receive


def local_time(moment: datetime) -> str:
    """Write a moment as a day and a time in the office's time zone, named as in Indonesia."""
    local = moment.astimezone(default_zone())
    language = str(get_locale())
    return _(
        "%(day)s, %(time)s %(zone)s",
        day=written_day(local.date(), language),
        time=written_clock(local.hour, local.minute, language),
        zone=zone_name(local),
    )


def local_day(day: date) -> str:
    return written_day(day, str(get_locale()))


# Babel takes tens of µs to write a date or a time, the same for the same day (or minute) and
# language; the same days and minutes come back for every resident.
@functools.lru_cache(maxsize=4096)
def written_day(day: date, language: str) -> str:
    return format_babel_date(day, "long", locale=language)


@functools.lru_cache(maxsize=4096)
def written_clock(hour: int, minute: int, language: str) -> str:
    return format_babel_time(time(hour, minute), "short", locale=language)


ZONE_NAMES: dict[tuple[str, timedelta], str] = {}


def zone_name(local: datetime) -> str:
    """The zone's short name as Indonesians write it (WIB, WITA, WIT), once per zone and offset."""
    key = (str(local.tzinfo), local.utcoffset())
    if key not in ZONE_NAMES:
        ZONE_NAMES[key] = format_babel_time(local, "z", tzinfo=local.tzinfo, locale="id")
    return ZONE_NAMES[key]


def next_step(view: ResidentView) -> str:
    """Say in one or two sentences what happens next and what the resident should do."""
    if view.handover is not None:
        return handed_over_step(view)
    return NEXT_STEPS[view.status](view)


def ready_step(view: ResidentView) -> str:
    return _("Your document is packed at the office and will be handed to the post soon.")


def travelling_step(view: ResidentView) -> str:
    return " ".join([expected_sentence(view), who_may_receive_with_id(view.office)])


def out_for_delivery_step(view: ResidentView) -> str:
    return " ".join(
        [
            _("A courier is bringing it to you now. Please be at home."),
            who_may_receive_with_id(view.office),
        ]
    )


def attempt_failed_step(view: ResidentView) -> str:
    limit = view.office.attempts_before_return
    if len(view.failed_attempts) >= limit:
        return returning_step(view)
    counted = _(
        "The courier will try again. Failed attempts so far: %(made)d of %(limit)d; after "
        "that the parcel goes back to the office.",
        made=len(view.failed_attempts),
        limit=limit,
    )
    return " ".join([counted, who_may_receive_with_id(view.office)])


def returning_step(view: ResidentView) -> str:
    return _(
        "The parcel is going back to the office. Once it is there, this page shows where "
        "and until when you can collect it."
    )


def returned_step(view: ResidentView) -> str:
    office = view.office
    if view.collect_by and view.collect_by < today():
        return _(
            "The time to collect it ended on %(date)s. Call the office at %(phone)s to ask "
            "what happens next.",
            date=local_day(view.collect_by),
            phone=office.phone,
        )
    collect = _(
        "Your document is back at the office. Collect it at %(office)s, %(address)s by "
        "%(date)s, and bring an ID.",
        office=office.name,
        address=counter_address(office),
        date=local_day(view.collect_by),
    )
    if not office.opening_hours:
        return collect
    return " ".join([collect, _("Opening hours: %(hours)s.", hours=office.opening_hours)])


def handed_over_step(view: ResidentView) -> str:
    """Say when the parcel was delivered, and to whom, or collected."""
    handover = view.handover
    when = local_time(handover.occurred_at)
    if view.status == ParcelStatus.COLLECTED:
        return _("Collected at the office on %(when)s. Nothing more to do.", when=when)
    if handover.relation:
        relation = relation_label(handover.relation)
        done = _("Delivered on %(when)s to %(relation)s.", when=when, relation=relation)
    else:
        done = _("Delivered on %(when)s.", when=when)
    missing = _("If you do not have it, call the office at %(phone)s.", phone=view.office.phone)
    return " ".join([done, missing])


def exception_step(view: ResidentView) -> str:
    return _(
        "The post reported a problem with this parcel. The office is looking into it; for "
        "questions call %(phone)s.",
        phone=view.office.phone,
    )


def expected_sentence(view: ResidentView) -> str:
    """Say when the parcel should arrive, or that it is late."""
    if view.expected_between is None:
        return _("The post is bringing it to you.")
    first, last = view.expected_between
    if last < today():
        return _(
            "It should have arrived by %(date)s. If it has not, call the office at %(phone)s.",
            date=local_day(last),
            phone=view.office.phone,
        )
    return _(
        "Expect it between %(first)s and %(last)s.", first=local_day(first), last=local_day(last)
    )


def who_may_receive_with_id(office: Office) -> str:
    """The office's delivery rule, what the receiver brings, and what else it asks at the door."""
    sentences = [who_may_receive(office.receiver_policy), _("The receiver must show an ID.")]
    if office.representative_with_letter:
        sentences.append(
            _("Someone else may receive it for you with a letter you signed, and their own ID.")
        )
    if office.delivery_fee:
        sentences.append(
            _("The courier collects a delivery fee of %(fee)s.", fee=rupiah(office.delivery_fee))
        )
    if office.takes_back_old_card:
        sentences.append(_("If a new ID card is in it, give the courier your old one."))
    return " ".join(sentences)


def counter_address(office: Office) -> str:
    """The office's address on one line, without the phone number that ends its return address."""
    return ", ".join(office.return_address_lines[:-1])


NEXT_STEPS = {
    ParcelStatus.READY: ready_step,
    ParcelStatus.SUBMITTED: travelling_step,
    ParcelStatus.IN_TRANSIT: travelling_step,
    ParcelStatus.OUT_FOR_DELIVERY: out_for_delivery_step,
    ParcelStatus.ATTEMPT_FAILED: attempt_failed_step,
    ParcelStatus.RETURNING: returning_step,
    ParcelStatus.RETURNED: returned_step,
    ParcelStatus.EXCEPTION: exception_step,
}
