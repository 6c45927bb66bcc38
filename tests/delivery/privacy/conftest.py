"""Parcels that ended some days ago, with the proofs and phone numbers taken on their way."""

import itertools
from datetime import timedelta

import pytest

from delivery.core.extensions import db
from delivery.models import DeliveryAttempt, ParcelStatus, ReceiverRelation

PHOTO = b"\xff\xd8\xff\xe0 a proof photo \xff\xd9"
SIGNATURE = b"\x89PNG\r\n\x1a\n a signature"
LETTER = b"\xff\xd8\xff\xe0 a representative's signed letter \xff\xd9"
_visits = itertools.count(1)


@pytest.fixture
def app_config(app_config, redis_url):
    """Jobs wait in Redis: no job writes while a test's tables are emptied."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def ended_parcel(make_parcel, make_document, clock):
    """A parcel that reached `status` `days_ago`, visited once with a photo, a signature and a
    representative's letter."""

    def make(days_ago: float, status=ParcelStatus.DELIVERED, *, documents=2, office=None,
             proof=True, courier=None):  # fmt: skip
        ended = clock.now - timedelta(days=days_ago)
        extra = {"office": office} if office else {}
        papers = [make_document(**extra) for _ in range(documents)]
        parcel = make_parcel(papers, status=status, status_changed_at=ended, **extra)
        if proof:
            db.session.add(
                DeliveryAttempt(
                    parcel=parcel,
                    client_event_id=f"visit-{next(_visits)}",
                    courier=courier,
                    delivered=True,
                    receiver_name="Sri Wahyuni",
                    receiver_relation=ReceiverRelation.HOUSEHOLD_MEMBER,
                    photo=PHOTO,
                    photo_content_type="image/jpeg",
                    signature_png=SIGNATURE,
                    letter_photo=LETTER,
                    letter_photo_content_type="image/jpeg",
                    occurred_at=ended,
                )
            )
            db.session.commit()
        return parcel

    return make
