"""The data a label or a handover manifest is made from."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LabelData:
    """Everything printed on one parcel label, and nothing more."""

    tracking_code: str
    qr_url: str
    recipient_name: str
    address_lines: Sequence[str]
    phone: str
    sender_name: str
    return_address_lines: Sequence[str]
    service_line: str = ""


@dataclass(frozen=True)
class ManifestRow:
    """One parcel in a handover manifest."""

    tracking_code: str
    village: str
    district: str
    document_count: int


@dataclass(frozen=True)
class Manifest:
    """A batch of parcels handed from the office to the postal officer."""

    office_name: str
    office_address_lines: Sequence[str]
    batch_reference: str
    created_at: datetime
    rows: Sequence[ManifestRow]
