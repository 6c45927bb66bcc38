"""The office's retention period (UU PDP): proof photos, signatures, representative letters and
residents' phone numbers are erased once a parcel has ended that many days ago.

A sweep takes a bounded batch of due parcels per office, erases in a few set-based statements,
and writes one audit entry per parcel saying what was erased (how many of each kind), never the
data. A parcel erased holds nothing more to erase, so it is not taken again: running the sweep
twice, or in two workers at once, erases nothing twice.
"""

from datetime import timedelta

import sqlalchemy as sa

from delivery.core.audit import record_change
from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.models import Office, Parcel
from delivery.parcels.lifecycle import FINAL_STATUSES
from delivery.privacy.erasure import (
    erase_phone_numbers,
    erase_proofs,
    held_per_parcel,
    holds_personal_data,
)

SWEEP_BATCH = 500
ERASED_ACTION = "personal_data.erased"


def due_parcels(office: Office, limit: int) -> list[Parcel]:
    """The office's parcels that ended more than its retention period ago and still hold some
    personal data the retention erases; locked, so that two sweeps never take the same one."""
    ended_before = utcnow() - timedelta(days=office.retention_days)
    query = (
        sa.select(Parcel)
        .where(
            Parcel.office_id == office.id,
            Parcel.status.in_(FINAL_STATUSES),
            Parcel.status_changed_at < ended_before,
            holds_personal_data(),
        )
        .order_by(Parcel.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Parcel)
    )
    return list(db.session.scalars(query))


def sweep_office(office: Office, limit: int = SWEEP_BATCH) -> int:
    """Erase what is due in one office; return how many parcels were erased."""
    parcels = due_parcels(office, limit)
    if not parcels:
        return 0
    ids = [parcel.id for parcel in parcels]
    held = held_per_parcel(ids)
    erase_proofs(ids)
    erase_phone_numbers(ids)
    for parcel in parcels:
        record_change(
            ERASED_ACTION,
            parcel,
            actor_label="retention",
            after={
                "reason": "retention",
                "parcels": [parcel.tracking_code],
                "retention_days": office.retention_days,
                "ended_at": parcel.status_changed_at.isoformat(),
                "erased": held[parcel.id],
            },
        )
    db.session.commit()
    return len(parcels)


def erase_expired_personal_data() -> int:
    """Sweep every office once; return how many parcels had personal data erased."""
    offices = db.session.scalars(sa.select(Office).order_by(Office.id)).all()
    return sum(sweep_office(office) for office in offices)
