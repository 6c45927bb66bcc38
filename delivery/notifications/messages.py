"""Messages to residents: out for delivery (with the one-time code), a failed attempt, returned.

`tracking.apply` calls `notify_status_change` inside its transaction, whatever reported the
change (carrier webhook, polling, courier, staff). The message job is queued only once that
transaction commits; it reloads the event, makes the one-time code (so the plain code exists
only in the message), and sends each event's message once.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs import outbox
from delivery.core.jobs.queue import try_enqueue
from delivery.doorstep.verification import new_one_time_code
from delivery.models import (
    AuditEntry,
    Parcel,
    ParcelStatus,
    TrackingEvent,
    VerificationMethod,
)
from delivery.notifications.demo_inbox import keep_for_demo
from delivery.notifications.gateways import configured_notifier
from delivery.vocabulary import reason_label

S = ParcelStatus
MESSAGE_STATUSES = frozenset({S.OUT_FOR_DELIVERY, S.ATTEMPT_FAILED, S.RETURNED})
PENDING = "antar.resident_messages"
SENT_ACTION = "resident.notified"
RESIDENT_LANGUAGE = "id"


def notify_status_change(parcel: Parcel, event: TrackingEvent) -> None:
    """Write the resident's message into the outbox of this transaction; queue it at commit.

    The outbox entry is leased from the start to the job the commit queues, named after the
    transaction's first message: only if that job is lost (the queue down, a crash in between)
    does the periodic drain hand the message out again.
    """
    if event.status not in MESSAGE_STATUSES:
        return
    if event.id is None:
        db.session.flush()
    entry = outbox.add_entry("resident.message", event_id=event.id)
    entry.next_attempt_at = utcnow() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    db.session.flush()
    work = db.session.info.setdefault(PENDING, [])
    work.append([event.id, entry.id])
    entry.job_id = messages_job_id(work)


def messages_job_id(work: list[list[int]]) -> str:
    """The id of the job sending a transaction's messages: [event id, outbox entry id] pairs."""
    return f"resident-messages-{work[0][1]}"


@sa.event.listens_for(Session, "after_commit")
def queue_messages_after_commit(session: Session) -> None:
    """Hand the committed changes' messages to the job queue."""
    if session.in_nested_transaction():
        return
    work = session.info.pop(PENDING, [])
    if work:
        try_enqueue(
            "delivery.notifications.tasks.send_resident_messages",
            work,
            job_id=messages_job_id(work),
        )


@sa.event.listens_for(Session, "after_rollback")
def forget_messages_after_rollback(session: Session) -> None:
    """A change that was rolled back sends nothing."""
    if not session.in_nested_transaction():
        session.info.pop(PENDING, None)


def send_status_message(event_id: int) -> None:
    """Send the resident the message for one status change, once (a job; safe to rerun)."""
    event = db.session.get(TrackingEvent, event_id)
    if event is None or event_id in events_told(event.parcel):
        return
    parcel = event.parcel
    with force_locale(RESIDENT_LANGUAGE):
        message = compose_message(parcel, event)
    if message is None:
        return
    db.session.commit()  # a new one-time code's hash is stored before the code leaves
    configured_notifier().send(parcel.recipient_phone, message)
    keep_for_demo(parcel, message)
    record_change(
        SENT_ACTION,
        parcel,
        actor_label="notifier",
        after={"event_id": event.id, "status": event.status.value},
    )
    db.session.commit()


def events_told(parcel: Parcel) -> set[int]:
    """The events of the parcel whose message the resident already got."""
    entries = db.session.scalars(
        sa.select(AuditEntry.after).where(
            AuditEntry.object_type == "parcel",
            AuditEntry.object_id == str(parcel.id),
            AuditEntry.action == SENT_ACTION,
        )
    )
    return {entry["event_id"] for entry in entries if entry}


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
    if parcel.status in (S.RETURNING, S.RETURNED):
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
