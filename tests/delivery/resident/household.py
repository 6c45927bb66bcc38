"""A household's parcel, the history the carrier and the courier report, and its secrets."""

import itertools
from datetime import UTC, date, datetime

from flask_babel import force_locale

from delivery.core.extensions import db
from delivery.demo import make_nik
from delivery.models import (
    AttemptReason,
    DeliveryAttempt,
    DocumentType,
    EventOutcome,
    EventSource,
    Parcel,
    ParcelStatus,
    ReceiverRelation,
    TrackingEvent,
)
from delivery.parcels.codes import new_tracking_code
from delivery.parcels.events import count_failed_attempts
from delivery.vocabulary import document_type_label

PACKED = datetime(2026, 5, 8, 2, 0, tzinfo=UTC)  # 09.00 WIB
HANDED_TO_POST = datetime(2026, 5, 11, 1, 0, tzinfo=UTC)  # 08.00 WIB
BUDI_BORN = date(1990, 5, 17)
SRI_BORN = date(1992, 8, 21)  # her NIK carries day 61
_keys = itertools.count(1)


def household_parcel(make_parcel, make_document, clock) -> Parcel:
    """A parcel for Budi and his wife Sri, packed at a known moment, with a real tracking code."""
    clock.now = PACKED
    budi = make_document(holder_name="Budi Santoso")
    sri = make_document(
        holder_name="Sri Wahyuni",
        holder_nik=make_nik("02", SRI_BORN, True, 4321),
        application_ref="LTG-2026-SRI01",
    )
    return make_parcel([budi, sri], tracking_code=new_tracking_code())


def move(
    parcel: Parcel,
    clock,
    status: ParcelStatus,
    *,
    hours: float = 6,
    reason: AttemptReason | None = None,
    outcome: EventOutcome = EventOutcome.APPLIED,
) -> TrackingEvent:
    """Let time pass, then record an event; an applied one moves the parcel."""
    clock.advance(hours=hours)
    event = TrackingEvent(
        parcel=parcel,
        dedupe_key=f"test:{next(_keys)}",
        source=EventSource.CARRIER_WEBHOOK,
        status=status,
        reason=reason,
        occurred_at=clock.now,
        outcome=outcome,
        location="Jl. Merdeka No. 12",
    )
    db.session.add(event)
    if outcome == EventOutcome.APPLIED:
        parcel.status = status
        parcel.status_changed_at = clock.now
    parcel.failed_attempts = count_failed_attempts(parcel)  # as the recorder keeps it
    db.session.commit()
    return event


def hand_to_post(parcel: Parcel, clock) -> None:
    """Hand the parcel to the post at a known moment."""
    clock.now = HANDED_TO_POST
    move(parcel, clock, ParcelStatus.SUBMITTED, hours=0)


def deliver(parcel: Parcel, clock, relation: ReceiverRelation) -> None:
    """The courier hands the parcel over at the door, with a name and a photo as proof."""
    move(parcel, clock, ParcelStatus.DELIVERED)
    db.session.add(
        DeliveryAttempt(
            parcel=parcel,
            client_event_id=f"visit:{next(_keys)}",
            delivered=True,
            receiver_name="Rahmat Hidayat",
            receiver_relation=relation,
            verified_by="one_time_code",
            photo=b"\x89PNG proof",
            photo_content_type="image/png",
            occurred_at=clock.now,
        )
    )
    db.session.commit()


def secrets_of(parcel) -> list[str]:
    """What must never reach a resident's screen: NIKs, KK numbers, street, birth dates, types."""
    with force_locale("id"):
        indonesian_types = [document_type_label(kind) for kind in DocumentType]
    with force_locale("en"):
        english_types = [document_type_label(kind) for kind in DocumentType]
    documents = parcel.documents
    return [
        *(document.holder_nik for document in documents),
        *(document.kk_number for document in documents),
        *(document.document_number for document in documents),
        *(document.holder_name for document in documents),
        parcel.street,
        "Merdeka",
        "17 Mei 1990",
        "1990-05-17",
        "17-05-1990",
        "17/05/1990",
        "Rahmat",
        "<img",
        *indonesian_types,
        *english_types,
        *(kind.value for kind in DocumentType),
    ]
