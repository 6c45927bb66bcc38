"""Typed values sent to and received from the postal API, with their JSON forms.

The `from_json` constructors raise KeyError, TypeError or ValueError on a body that does
not fit the contract; callers turn those into their own exceptions.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from postal_client.statuses import CARRIER_CODES, Reason, Status


@dataclass(frozen=True)
class Address:
    """A postal address in Indonesian administrative units."""

    lines: tuple[str, ...]
    village: str
    district: str
    regency: str
    province: str
    postal_code: str

    def to_json(self) -> dict[str, Any]:
        """Return the address as the API spells it."""
        return {
            "lines": list(self.lines),
            "village": self.village,
            "district": self.district,
            "regency": self.regency,
            "province": self.province,
            "postal_code": self.postal_code,
        }


@dataclass(frozen=True)
class Party:
    """A sender or a recipient: who, how to call them, and where."""

    name: str
    phone: str
    address: Address

    def to_json(self) -> dict[str, Any]:
        """Return the party as the API spells it."""
        return {"name": self.name, "phone": self.phone, "address": self.address.to_json()}


@dataclass(frozen=True)
class ShipmentRequest:
    """What the sender asks the carrier to deliver."""

    reference: str
    sender: Party
    recipient: Party
    weight_grams: int

    def to_json(self) -> dict[str, Any]:
        """Return the body of a create-shipment call."""
        return {
            "reference": self.reference,
            "sender": self.sender.to_json(),
            "recipient": self.recipient.to_json(),
            "weight_grams": self.weight_grams,
        }


class InstructionKind(StrEnum):
    """What a sender may tell the carrier about a shipment on its way."""

    DELIVERY_NOTE = "delivery_note"  # directions for the courier: a landmark, a colour
    RECIPIENT_PHONE = "recipient_phone"  # the number to call at the door
    AUTHORIZED_RECEIVER = "authorized_receiver"  # someone else the recipient lets receive it
    DELIVERY_DATE = "delivery_date"  # the day the recipient will be at home
    DELIVER_TO_VILLAGE_OFFICE = "deliver_to_village_office"  # drop it at the village office
    RETURN_TO_SENDER = "return_to_sender"  # bring it back (a recall after pickup)
    ADDRESS_CORRECTION = "address_correction"  # the sender corrected the address


@dataclass(frozen=True)
class DeliveryInstruction:
    """One instruction; only the field its kind needs is sent."""

    kind: InstructionKind
    note: str | None = None
    phone: str | None = None
    receiver_name: str | None = None
    delivery_date: date | None = None
    address: Address | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the body of a send-instruction call."""
        body: dict[str, Any] = {"kind": self.kind.value}
        for name in ("note", "phone", "receiver_name"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        if self.delivery_date is not None:
            body["delivery_date"] = self.delivery_date.isoformat()
        if self.address is not None:
            body["address"] = self.address.to_json()
        return body


@dataclass(frozen=True)
class InstructionReceipt:
    """The carrier's acknowledgement that it will act on an instruction."""

    id: str
    shipment_id: str
    kind: InstructionKind
    accepted_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "InstructionReceipt":
        """Build a receipt from the carrier's JSON."""
        return cls(
            id=_text(data, "id"),
            shipment_id=_text(data, "shipment_id"),
            kind=InstructionKind(data["kind"]),
            accepted_at=parse_timestamp(data["accepted_at"]),
        )


class BookingState(StrEnum):
    """Where the shipment's booking stands; tracking events tell the rest."""

    BOOKED = "booked"
    PICKUP_REQUESTED = "pickup_requested"
    PICKED_UP = "picked_up"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class TrackingEvent:
    """One thing that happened to a shipment: the carrier's code, and what the code says.

    A code this client does not know yet (one the carrier added) still makes an event, with
    `status` and `reason` None, so that a caller can keep it instead of losing the batch."""

    event_id: str
    shipment_id: str
    tracking_number: str
    reference: str
    code: int
    description: str
    location: str
    occurred_at: datetime
    status: Status | None
    reason: Reason | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TrackingEvent":
        """Build an event from the carrier's JSON, reading what its code says."""
        code = data["code"]
        if not isinstance(code, int) or isinstance(code, bool):
            raise TypeError(f"event code must be an integer, not {code!r}")
        meaning = CARRIER_CODES.get(code)
        return cls(
            event_id=_text(data, "event_id"),
            shipment_id=_text(data, "shipment_id"),
            tracking_number=_text(data, "tracking_number"),
            reference=_text(data, "reference"),
            code=code,
            description=_text(data, "description"),
            location=_text(data, "location"),
            occurred_at=parse_timestamp(data["occurred_at"]),
            status=meaning.status if meaning else None,
            reason=meaning.reason if meaning else None,
        )

    def to_json(self) -> dict[str, Any]:
        """Return the event as the carrier spells it."""
        return {
            "event_id": self.event_id,
            "shipment_id": self.shipment_id,
            "tracking_number": self.tracking_number,
            "reference": self.reference,
            "code": self.code,
            "description": self.description,
            "location": self.location,
            "occurred_at": self.occurred_at.isoformat(),
        }


@dataclass(frozen=True)
class Shipment:
    """A shipment as the carrier knows it."""

    id: str
    tracking_number: str
    reference: str
    state: BookingState
    weight_grams: int
    created_at: datetime
    pickup_id: str | None
    latest_event: TrackingEvent | None

    @property
    def status(self) -> Status | None:
        """Return the carrier's status of the latest event; None before pickup, or for a code
        this client does not know."""
        return self.latest_event.status if self.latest_event else None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Shipment":
        """Build a shipment from the carrier's JSON."""
        latest = data.get("latest_event")
        return cls(
            id=_text(data, "id"),
            tracking_number=_text(data, "tracking_number"),
            reference=_text(data, "reference"),
            state=BookingState(data["state"]),
            weight_grams=int(data["weight_grams"]),
            created_at=parse_timestamp(data["created_at"]),
            pickup_id=data.get("pickup_id"),
            latest_event=TrackingEvent.from_json(latest) if latest else None,
        )


@dataclass(frozen=True)
class Pickup:
    """A request for the carrier to collect shipments from the sender."""

    id: str
    shipment_ids: tuple[str, ...]
    requested_at: datetime

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Pickup":
        """Build a pickup from the carrier's JSON."""
        return cls(
            id=_text(data, "id"),
            shipment_ids=tuple(str(shipment_id) for shipment_id in data["shipment_ids"]),
            requested_at=parse_timestamp(data["requested_at"]),
        )


@dataclass(frozen=True)
class TrackingBatch:
    """The answer to a bulk tracking query, keyed by tracking number."""

    events: dict[str, tuple[TrackingEvent, ...]]
    not_found: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TrackingBatch":
        """Build a batch from the carrier's JSON."""
        events = {
            _text(result, "tracking_number"): tuple(
                TrackingEvent.from_json(event) for event in result["events"]
            )
            for result in data["results"]
        }
        return cls(events=events, not_found=tuple(data["not_found"]))


def parse_timestamp(value: Any) -> datetime:
    """Parse an ISO 8601 timestamp that must carry its UTC offset."""
    moment = datetime.fromisoformat(value)
    if moment.utcoffset() is None:
        raise ValueError(f"timestamp {value!r} has no UTC offset")
    return moment


def _text(data: dict[str, Any], key: str) -> str:
    """Return a required string field."""
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, not {value!r}")
    return value
