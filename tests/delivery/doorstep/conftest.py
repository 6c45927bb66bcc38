"""A courier's round: a household parcel on it, a phone that posts door visits, jobs on Redis."""

import io
import uuid
from datetime import date, timedelta

import pytest
from PIL import Image, ImageDraw
from redis import Redis
from rq import Queue

from delivery.core.jobs.queue import QUEUE_NAME
from delivery.demo import make_nik
from delivery.models import DocumentType, ParcelStatus
from tests.conftest import csrf_token

BUDI_NIK = make_nik("01", date(1990, 5, 17), False, 1234)
SRI_NIK = make_nik("02", date(1992, 8, 21), True, 4321)


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Jobs go to the real Redis and run only when a test runs them."""
    return app_config | {"REDIS_URL": redis_url, "JOB_RETRY_INTERVALS": [0]}


@pytest.fixture
def queued_jobs(redis_url):
    """The descriptions of the jobs waiting in the queue."""
    connection = Redis.from_url(redis_url)
    yield lambda: [job.args for job in Queue(QUEUE_NAME, connection=connection).jobs]
    connection.close()


@pytest.fixture
def household_parcel(make_parcel, make_document, courier_user, clock):
    """A parcel for Budi and his wife Sri, on the courier's round, last moved two hours ago."""

    def make(status=ParcelStatus.OUT_FOR_DELIVERY, courier=courier_user, **overrides):
        budi = make_document(holder_name="Budi Santoso", holder_nik=BUDI_NIK)
        sri = make_document(
            holder_name="Sri Wahyuni", holder_nik=SRI_NIK, document_type=DocumentType.KK
        )
        values = {"status": status, "courier": courier, "status_changed_at": clock.now}
        parcel = make_parcel([budi, sri], **(values | overrides))
        clock.advance(hours=2)
        return parcel

    return make


def jpeg_photo(size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, (180, 140, 90))
    ImageDraw.Draw(image).rectangle((100, 100, 300, 250), fill=(20, 60, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def signature_png(drawn: bool = True) -> bytes:
    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    if drawn:
        ImageDraw.Draw(image).line((40, 180, 200, 60, 360, 190, 560, 50), fill="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Phone:
    """The courier's phone posting door visits as the page's script does."""

    def __init__(self, client, clock) -> None:
        self.client = client
        self.clock = clock
        self.token = csrf_token(client, "/courier/")

    def phone_time(self, minutes_ago: float = 20) -> str:
        return (self.clock.now - timedelta(minutes=minutes_ago)).isoformat()

    def post(self, parcel, action: str, fields: dict, files: dict | None = None):
        data = {name: value for name, value in fields.items() if value is not None}
        for name, content in (files or {}).items():
            if content is not None:
                data[name] = (io.BytesIO(content), f"{name}.bin")
        return self.client.post(
            f"/courier/parcels/{parcel.tracking_code}/{action}",
            data=data,
            headers={"X-CSRFToken": self.token, "Accept": "application/json"},
            content_type="multipart/form-data",
        )

    def deliver(self, parcel, code: str, **overrides):
        fields = {
            "client_event_id": str(uuid.uuid4()),
            "occurred_at": self.phone_time(),
            "receiver_name": "Sri Wahyuni",
            "relation": "household_member",
            "code": code,
            "latitude": "-4.9631",
            "longitude": "105.2117",
            "accuracy": "12.5",
        }
        files = {"photo": jpeg_photo(), "signature": signature_png(), "letter_photo": None}
        for name in list(overrides):
            if name in files:
                files[name] = overrides.pop(name)
        return self.post(parcel, "delivered", fields | overrides, files)

    def fail(self, parcel, reason: str = "not_at_home", **overrides):
        fields = {
            "client_event_id": str(uuid.uuid4()),
            "occurred_at": self.phone_time(),
            "reason": reason,
            "note": "Rumah kosong, tetangga bilang sedang ke kebun.",
        }
        photo = overrides.pop("photo", None)
        return self.post(parcel, "failed", fields | overrides, {"photo": photo})

    def take(self, parcel, **overrides):
        fields = {"client_event_id": str(uuid.uuid4()), "occurred_at": self.phone_time(5)}
        return self.post(parcel, "take", fields | overrides)


@pytest.fixture
def phone(courier_client, clock) -> Phone:
    return Phone(courier_client, clock)
