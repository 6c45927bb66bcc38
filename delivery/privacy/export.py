"""Everything the office holds about one person, as a ZIP file: `data.json` (their documents;
the parcels that carried them, with every event, visit and request the resident made; who
looked at those parcels; any restriction) and the proof photos and signatures taken at the
door, each in its own file."""

import io
import json
import zipfile
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from delivery.core.database import db
from delivery.models import DeliveryAttempt, Document, Office, Parcel, PersonalDataView
from delivery.models.resident import ResidentRequest
from delivery.parcels.events import timeline

DOCUMENT_FIELDS = [column.name for column in Document.__table__.columns if column.name != "id"]
PARCEL_FIELDS = (
    "tracking_code",
    "status",
    "recipient_name",
    "recipient_phone",
    "street",
    "rt",
    "rw",
    "village",
    "district",
    "regency",
    "province",
    "postal_code",
    "failed_attempts",
    "created_at",
    "status_changed_at",
)
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def plain(value: Any) -> Any:
    """A column's value as JSON holds it."""
    if isinstance(value, datetime):
        return value.isoformat()
    return getattr(value, "value", value)


def document_record(document: Document, restricted: bool) -> dict:
    fields = {name: plain(getattr(document, name)) for name in DOCUMENT_FIELDS}
    return {"id": document.id, **fields, "processing_restricted": restricted}


def visit_record(visit: DeliveryAttempt, files: dict[str, bytes], code: str) -> dict:
    record = {
        "occurred_at": visit.occurred_at.isoformat(),
        "delivered": visit.delivered,
        "reason": plain(visit.reason),
        "receiver_name": visit.receiver_name,
        "receiver_relation": plain(visit.receiver_relation),
        "verified_by": visit.verified_by,
        "note": visit.note,
        "latitude": visit.latitude,
        "longitude": visit.longitude,
    }
    if visit.photo:
        extension = PHOTO_EXTENSIONS.get(visit.photo_content_type or "", "bin")
        record["photo"] = f"proofs/{code}-visit-{visit.id}.{extension}"
        files[record["photo"]] = visit.photo
    if visit.letter_photo:
        extension = PHOTO_EXTENSIONS.get(visit.letter_photo_content_type or "", "bin")
        record["representative_letter"] = f"proofs/{code}-visit-{visit.id}-letter.{extension}"
        files[record["representative_letter"]] = visit.letter_photo
    if visit.signature_png:
        record["signature"] = f"proofs/{code}-visit-{visit.id}-signature.png"
        files[record["signature"]] = visit.signature_png
    return record


def parcel_record(parcel: Parcel, files: dict[str, bytes]) -> dict:
    visits = db.session.scalars(
        sa.select(DeliveryAttempt)
        .where(DeliveryAttempt.parcel_id == parcel.id)
        .order_by(DeliveryAttempt.occurred_at, DeliveryAttempt.id)
    )
    events = [
        {
            "status": event.status.value,
            "occurred_at": event.occurred_at.isoformat(),
            "source": event.source.value,
            "reason": plain(event.reason),
            "location": event.location,
        }
        for event in timeline(parcel)
    ]
    requests = db.session.scalars(
        sa.select(ResidentRequest)
        .where(ResidentRequest.parcel_id == parcel.id)
        .order_by(ResidentRequest.made_at, ResidentRequest.id)
    )
    asked = [
        {"kind": asked.kind.value, "details": asked.details, "made_at": asked.made_at.isoformat()}
        for asked in requests
    ]
    return {name: plain(getattr(parcel, name)) for name in PARCEL_FIELDS} | {
        "resident_requests": asked,
        "events": events,
        "visits": [visit_record(visit, files, parcel.tracking_code) for visit in visits],
    }


def view_record(view: PersonalDataView) -> dict:
    return {
        "viewed_at": view.viewed_at.isoformat(),
        "viewer": view.viewer.full_name,
        "viewer_role": view.viewer.role.value,
        "where": view.place.value,
        "parcel": view.parcel.tracking_code,
    }


def person_archive(
    office: Office,
    documents: list[Document],
    parcels: list[Parcel],
    restricted: set[int],
    views: list[PersonalDataView],
    made_at: datetime,
) -> bytes:
    """Write the ZIP file."""
    files: dict[str, bytes] = {}
    data = {
        "made_at": made_at.isoformat(),
        "office": {"code": office.code, "name": office.name, "address": office.address},
        "documents": [document_record(doc, doc.id in restricted) for doc in documents],
        "parcels": [parcel_record(parcel, files) for parcel in parcels],
        "views_of_personal_data": [view_record(view) for view in views],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
