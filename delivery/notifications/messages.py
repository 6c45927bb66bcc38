"""Messages to residents: out for delivery (with the one-time code), a failed attempt, returned.

Whatever reported the change (carrier webhook, polling, courier, staff), the change's own
transaction queues the message (delivery.notifications.tasks subscribes to the lifecycle's
signal); the job reloads the event, makes the one-time code (so the plain code exists only in
the message), and sends each event's message once: a `resident_message` row says it was sent.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from delivery.core.audit import record_change
from delivery.core.database import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import (
    Parcel,
    ParcelStatus,
    ResidentMessage,
    TrackingEvent,
    VerificationMethod,
)
from delivery.notifications.demo_inbox import keep_for_demo
from delivery.notifications.gateways import configured_notifier
from delivery.parcels.lifecycle import COMING_BACK
from delivery.vocabulary import reason_label

S = ParcelStatus
RESIDENT_LANGUAGE = "id"


def send_status_message(event_id: int) -> None:
    """Send the resident the message for one status change, once (a job; safe to rerun)."""
    event = db.session.get(TrackingEvent, event_id)
    if event is None or already_sent(event):
        return
    parcel = event.parcel
    with force_locale(RESIDENT_LANGUAGE):
        message = compose_message(parcel, event)
    if message is None:
        return
    db.session.commit()  # a new one-time code's hash is stored before the code leaves
    configured_notifier().send(parcel.recipient_phone, message)
    if note_sent(event):
        keep_for_demo(parcel, message)
        record_change(
            "resident.notified",
            parcel,
            actor_label="notifier",
            after={"event_id": event.id, "status": event.status.value},
        )
    db.session.commit()


def already_sent(event: TrackingEvent) -> bool:
    """Tell whether the resident got the message of this event."""
    return db.session.scalar(
        sa.select(sa.select(ResidentMessage.id).filter_by(tracking_event_id=event.id).exists())
    )


def note_sent(event: TrackingEvent) -> bool:
    """Keep that the event's message was sent; False if a job running alongside kept it first."""
    try:
        with db.session.begin_nested():
            db.session.add(ResidentMessage(tracking_event_id=event.id))
    except sa.exc.IntegrityError:
        return False
    return True


def compose_message(parcel: Parcel, event: TrackingEvent) -> str | None:
    """Say what happened and what to do; None when the message no longer makes sense."""
    if event.status == S.OUT_FOR_DELIVERY:
        return out_for_delivery_message(parcel)
    if event.status == S.ATTEMPT_FAILED:
        return failed_attempt_message(parcel, event)
    return returned_message(parcel, event)


def out_for_delivery_message(parcel: Parcel) -> str | None:
    """Tell the resident the parcel comes today, with a fresh one-time code if the office asks."""
    if parcel.status != S.OUT_FOR_DELIVERY:
        return None  # delivered or tried before the message left: a code would only confuse
    if parcel.office.verification_method == VerificationMethod.NIK_LAST_DIGITS:
        return _(
            "Antar: your documents (%(code)s) from %(office)s are out for delivery today. "
            "The courier will ask for the last 4 digits of the holder's NIK, from their ID.",
            code=parcel.tracking_code,
            office=parcel.office.name,
        )
    return _(
        "Antar: your documents (%(code)s) from %(office)s are out for delivery today. "
        "Give the courier this code: %(one_time_code)s. Do not share it with anyone else.",
        code=parcel.tracking_code,
        office=parcel.office.name,
        one_time_code=new_one_time_code(parcel),
    )


def failed_attempt_message(parcel: Parcel, event: TrackingEvent) -> str:
    reason = reason_label(event.reason.value if event.reason else None) or "-"
    if parcel.status in COMING_BACK:
        return _(
            "Antar: we could not deliver your documents (%(code)s): %(reason)s. "
            "They are going back to %(office)s.",
            code=parcel.tracking_code,
            reason=reason,
            office=parcel.office.name,
        )
    return _(
        "Antar: we could not deliver your documents (%(code)s): %(reason)s. The courier will "
        "try again (failed attempts: %(made)d of %(limit)d).",
        code=parcel.tracking_code,
        reason=reason,
        made=parcel.failed_attempts,
        limit=parcel.office.attempts_before_return,
    )


def returned_message(parcel: Parcel, event: TrackingEvent) -> str:
    collect_by = event.occurred_at + timedelta(days=parcel.office.counter_hold_days)
    return _(
        "Antar: your documents (%(code)s) are back at %(office)s, %(address)s. "
        "Collect them by %(date)s and bring an ID.",
        code=parcel.tracking_code,
        office=parcel.office.name,
        address=parcel.office.address,
        date=format_date(collect_by, "long"),
    )
