"""Embedded mode keeps a copy of every message sent to a resident, one-time code included, so
that whoever tries the demo can read it (on /admin/messages, and printed by `demo serve`) and
finish a delivery at the door. Production mode keeps nothing: the code lives only in the
resident's message."""

import sqlalchemy as sa
from flask import current_app

from delivery.core.database import db
from delivery.models import DemoMessage, Office, Parcel
from delivery.notifications.gateways import mask_phone

SHOWN = 100


def keeps_messages() -> bool:
    return current_app.config["MODE"] == "embedded"


def keep_for_demo(parcel: Parcel, text: str) -> None:
    """Add a copy of the message to the current transaction, in embedded mode only."""
    if keeps_messages():
        db.session.add(
            DemoMessage(
                office_id=parcel.office_id,
                parcel_id=parcel.id,
                tracking_code=parcel.tracking_code,
                phone=mask_phone(parcel.recipient_phone),
                text=text,
            )
        )


def office_messages(office: Office) -> list[DemoMessage]:
    """The office's latest messages, newest first."""
    return list(
        db.session.scalars(
            sa.select(DemoMessage)
            .where(DemoMessage.office_id == office.id)
            .order_by(DemoMessage.id.desc())
            .limit(SHOWN)
        )
    )


def messages_after(message_id: int) -> list[DemoMessage]:
    """Every office's messages newer than the given one, oldest first."""
    return list(
        db.session.scalars(
            sa.select(DemoMessage).where(DemoMessage.id > message_id).order_by(DemoMessage.id)
        )
    )


def newest_message_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(DemoMessage.id))) or 0
