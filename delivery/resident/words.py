"""The sentences a resident reads about their parcel: who received it and what to do next."""

import functools
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from babel.dates import format_date as format_babel_date
from babel.dates import format_time as format_babel_time
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from delivery.core.i18n import catalog
from delivery.models import AttemptReason, Office, ParcelStatus, ReceiverRelation
from delivery.offices.words import rupiah
from delivery.resident.lookup import Handover, ResidentView, office_zone, today
from delivery.vocabulary import reason_label, relation_label, status_label, who_may_receive


class ResidentWords(NamedTuple):
    """The words for every status, reason and receiver in one language (None for none)."""

    statuses: dict[ParcelStatus | None, str | None]
    reasons: dict[AttemptReason | None, str | None]
    relations: dict[ReceiverRelation | None, str | None]


@functools.cache
def words_in(language: str) -> ResidentWords:
    """Look the words up once per language and process: a timeline needs a dozen, and
    flask-babel takes some 10 µs for each."""
    with force_locale(language):
        return ResidentWords(
            {None: None} | {value: status_label(value) for value in ParcelStatus},
            {None: None} | {value: reason_label(value) for value in AttemptReason},
            {None: None} | {value: relation_label(value) for value in ReceiverRelation},
        )


def local_time(moment: datetime, language: str | None = None) -> str:
    """Write a moment as a day and a time in the office's time zone, named as in Indonesia
    (in the request's language, which a caller that knows it already may pass)."""
    local = moment.astimezone(office_zone())
    language = language or str(get_locale())
    return catalog(language).gettext("%(day)s, %(time)s %(zone)s") % {
        "day": written_day(local.date(), language),
        "time": written_clock(local.hour, local.minute, language),
        "zone": zone_name(local),
    }


def local_day(day: date) -> str:
    return written_day(day, str(get_locale()))


# Babel takes tens of µs to write a date or a time; the same days and minutes come back for
# every resident, so each is written once per language.
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


class StepFacts(NamedTuple):
    """What the next step depends on; the same facts on the same day give the same sentence."""

    status: ParcelStatus
    failed_attempts: int
    handover: Handover | None
    expected_between: tuple[date, date] | None
    collect_by: date | None
    office: Office

    @classmethod
    def of(cls, view: ResidentView) -> "StepFacts":
        return cls(
            view.status,
            len(view.failed_attempts),
            view.handover,
            view.expected_between,
            view.collect_by,
            view.office,
        )


def next_step(view: ResidentView, language: str | None = None) -> str:
    """Say in one or two sentences what happens next and what the resident should do (in the
    request's language, which a caller that knows it already may pass)."""
    facts = StepFacts.of(view)
    language = language or str(get_locale())
    if facts.handover is not None:  # it names the parcel's own moment: nobody else shares it
        return handed_over_step(facts, language)
    return next_step_sentence(facts, language, today())


@functools.lru_cache(maxsize=4096)
def next_step_sentence(facts: StepFacts, language: str, day: date) -> str:
    """Write the sentence once per facts, language and day: many residents share them (the
    same office, status and expected days), and translating and formatting dates costs more
    than the rest of the answer."""
    return NEXT_STEPS[facts.status](facts)


def ready_step(facts: StepFacts) -> str:
    return _("Your document is packed at the office and will be handed to the post soon.")


def travelling_step(facts: StepFacts) -> str:
    return " ".join([expected_sentence(facts), who_may_receive_with_id(facts.office)])


def out_for_delivery_step(facts: StepFacts) -> str:
    return " ".join(
        [
            _("A courier is bringing it to you now. Please be at home."),
            who_may_receive_with_id(facts.office),
        ]
    )


def attempt_failed_step(facts: StepFacts) -> str:
    limit = facts.office.attempts_before_return
    if facts.failed_attempts >= limit:
        return returning_step(facts)
    counted = _(
        "The courier will try again. Failed attempts so far: %(made)d of %(limit)d; after "
        "that the parcel goes back to the office.",
        made=facts.failed_attempts,
        limit=limit,
    )
    return " ".join([counted, who_may_receive_with_id(facts.office)])


def returning_step(facts: StepFacts) -> str:
    return _(
        "The parcel is going back to the office. Once it is there, this page shows where "
        "and until when you can collect it."
    )


def returned_step(facts: StepFacts) -> str:
    office = facts.office
    if facts.collect_by and facts.collect_by < today():
        return _(
            "The time to collect it ended on %(date)s. Call the office at %(phone)s to ask "
            "what happens next.",
            date=local_day(facts.collect_by),
            phone=office.phone,
        )
    collect = _(
        "Your document is back at the office. Collect it at %(office)s, %(address)s by "
        "%(date)s, and bring an ID.",
        office=office.name,
        address=counter_address(office),
        date=local_day(facts.collect_by),
    )
    if not office.opening_hours:
        return collect
    return " ".join([collect, _("Opening hours: %(hours)s.", hours=office.opening_hours)])


def handed_over_step(facts: StepFacts, language: str) -> str:
    """Say when the parcel was delivered, and to whom, or collected. Written for every lookup,
    so from the language's catalog rather than through flask-babel (see catalog)."""
    say = catalog(language)
    handover = facts.handover
    when = local_time(handover.occurred_at, language)
    if facts.status == ParcelStatus.COLLECTED:
        return say.gettext("Collected at the office on %(when)s. Nothing more to do.") % {
            "when": when
        }
    if handover.relation:
        done = say.gettext("Delivered on %(when)s to %(relation)s.") % {
            "when": when,
            "relation": words_in(language).relations[handover.relation],
        }
    else:
        done = say.gettext("Delivered on %(when)s.") % {"when": when}
    missing = say.gettext("If you do not have it, call the office at %(phone)s.") % {
        "phone": facts.office.phone
    }
    return " ".join([done, missing])


def exception_step(facts: StepFacts) -> str:
    return _(
        "The post reported a problem with this parcel. The office is looking into it; for "
        "questions call %(phone)s.",
        phone=facts.office.phone,
    )


def expected_sentence(facts: StepFacts) -> str:
    """Say when the parcel should arrive, or that it is late."""
    if facts.expected_between is None:
        return _("The post is bringing it to you.")
    first, last = facts.expected_between
    if last < today():
        return _(
            "It should have arrived by %(date)s. If it has not, call the office at %(phone)s.",
            date=local_day(last),
            phone=facts.office.phone,
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
