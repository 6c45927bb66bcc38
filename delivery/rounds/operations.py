"""Putting parcels on a courier's round: staff assign them in bulk, a courier takes one by scan.

A parcel the carrier holds (in transit, or after a failed attempt) goes out for delivery when it
is put on a round, which sends the resident their message and one-time code.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.errors import Conflict, DomainError, NotFound
from delivery.models import EventSource, Office, Parcel, ParcelStatus, Role, TrackingEvent, User
from delivery.parcels.events import Report, record_event
from delivery.parcels.lifecycle import ON_THE_WAY, SENT_OUT_WHEN_PUT_ON_A_ROUND
from delivery.parcels.queries import office_parcels


def assign_parcels(
    office: Office, tracking_codes: Sequence[str], courier_id: str | int | None, actor: User
) -> list[Parcel]:
    """Put the selected parcels of the office on a courier's round: all of them, or none."""
    courier = office_courier(office, courier_id)
    parcels = office_parcels(office.id, tracking_codes)
    if not parcels:
        raise DomainError(_("Select at least one parcel."), field="tracking_code")
    lock(parcels)
    for parcel in parcels:
        check_assignable(parcel)
    for parcel in parcels:
        moment = max(utcnow(), parcel.status_changed_at)
        put_on_round(parcel, courier, actor, EventSource.STAFF, moment, f"staff:{uuid.uuid4()}")
    db.session.commit()
    return parcels


def lock(parcels: Sequence[Parcel]) -> None:
    """Lock the parcels' rows (in id order, so two bulk assignments cannot deadlock) and read
    them again, so a change committed meanwhile by a courier is seen before checking."""
    db.session.scalars(
        db.select(Parcel)
        .where(Parcel.id.in_([parcel.id for parcel in parcels]))
        .order_by(Parcel.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def office_courier(office: Office, courier_id: str | int | None) -> User:
    """The active courier of the office with this id."""
    try:
        courier = db.session.get(User, int(courier_id or 0))
    except ValueError:
        courier = None
    if not (courier and courier.office_id == office.id and courier.role == Role.COURIER):
        raise DomainError(_("Choose a courier of this office."), field="courier_id")
    if not courier.active:
        raise DomainError(_("This courier's account is switched off."), field="courier_id")
    return courier


def check_assignable(parcel: Parcel) -> None:
    """Refuse a parcel that is not with the post, or already settled."""
    if parcel.status not in ON_THE_WAY:
        raise Conflict(
            _(
                "Parcel %(code)s cannot go on a round now: it is not with the post, "
                "or it is already settled.",
                code=parcel.tracking_code,
            ),
            field="tracking_code",
        )


def take_onto_round(
    parcel: Parcel, courier: User, client_event_id: str, occurred_at: datetime
) -> bool:
    """A courier takes a scanned parcel of their office; False if nothing had to change.

    The parcel's row is locked first, so of two couriers taking it at once the second sees the
    first one's round and is refused."""
    if parcel.office_id != courier.office_id:
        raise NotFound(_("No parcel of your office has this code."), field="tracking_code")
    db.session.refresh(parcel, with_for_update=True)
    if parcel.courier_id not in (None, courier.id):
        raise Conflict(
            _("This parcel is on another courier's round. Ask the office."), field="tracking_code"
        )
    dedupe_key = f"courier:{client_event_id}"
    if db.session.scalar(db.select(TrackingEvent.id).filter_by(dedupe_key=dedupe_key)):
        return False
    check_assignable(parcel)
    changed = parcel.courier_id != courier.id or parcel.status in SENT_OUT_WHEN_PUT_ON_A_ROUND
    put_on_round(parcel, courier, courier, EventSource.COURIER, occurred_at, dedupe_key)
    db.session.commit()
    return changed


def put_on_round(
    parcel: Parcel,
    courier: User,
    actor: User,
    source: EventSource,
    occurred_at: datetime,
    dedupe_key: str,
) -> None:
    """Assign the parcel and send it out if the carrier holds it."""
    if parcel.courier_id != courier.id:
        record_change(
            "parcel.assign",
            parcel,
            actor=actor,
            before={"courier": parcel.courier_id},
            after={"courier": courier.id},
        )
        parcel.courier = courier
    if parcel.status in SENT_OUT_WHEN_PUT_ON_A_ROUND:
        send_out(parcel, actor, source, occurred_at, dedupe_key)


def send_out(
    parcel: Parcel, actor: User, source: EventSource, occurred_at: datetime, dedupe_key: str
) -> None:
    """Record that the parcel is out for delivery (never earlier than its last move)."""
    record_event(
        parcel,
        Report(
            status=ParcelStatus.OUT_FOR_DELIVERY,
            occurred_at=max(occurred_at, parcel.status_changed_at),
            source=source,
            dedupe_key=dedupe_key,
            actor=actor,
        ),
    )
