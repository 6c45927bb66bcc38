"""The carrier's records: shipments, pickups and idempotency keys, behind one lock.

Methods return JSON-ready snapshots taken under the lock, never the live records.
"""

import hashlib
import json
import random
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from postal_client import IDEMPOTENCY_KEY_REUSED, BookingState, InstructionKind
from postal_sandbox.clock import SandboxClock
from postal_sandbox.routing import ApiError
from postal_sandbox.stories import CODE_DESCRIPTIONS, FINAL_CODES, Step, Story, recalled

WIB = timezone(timedelta(hours=7), "WIB")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


@dataclass
class CarrierShipment:
    """One shipment as the carrier records it."""

    id: str
    tracking_number: str
    request: dict[str, Any]
    story: Story
    created_at: datetime
    state: BookingState = BookingState.BOOKED
    pickup_id: str | None = None
    story_started_at: datetime | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    instructions: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the shipment as the API shows it."""
        return {
            "id": self.id,
            "tracking_number": self.tracking_number,
            "reference": self.request["reference"],
            "state": self.state.value,
            "weight_grams": self.request["weight_grams"],
            "created_at": _timestamp(self.created_at),
            "pickup_id": self.pickup_id,
            "latest_event": self.events[-1] if self.events else None,
        }

    def summary(self) -> dict[str, Any]:
        """Return what the admin list shows: the shipment plus its story and progress."""
        latest = self.events[-1] if self.events else None
        return {
            **self.to_json(),
            "story": self.story.name,
            "event_count": len(self.events),
            "last_code": latest["code"] if latest else None,
            "story_finished": len(self.events) == len(self.story.steps),
            "instructions": list(self.instructions),
        }


class ShipmentBook:
    """Every record the carrier keeps, safe to use from many threads."""

    def __init__(
        self, clock: SandboxClock, auto_pickup_minutes: float | None, stamp_real_time: bool = False
    ) -> None:
        self._clock = clock
        self._stamp_real_time = stamp_real_time
        self._auto_pickup = (
            None if auto_pickup_minutes is None else timedelta(minutes=auto_pickup_minutes)
        )
        self._lock = threading.Lock()
        self._next_serial = random.randrange(10_000_000, 90_000_000)
        self.reset()

    def reset(self) -> None:
        """Forget every shipment, pickup and idempotency key."""
        with self._lock:
            self._shipments: dict[str, CarrierShipment] = {}
            self._by_tracking_number: dict[str, CarrierShipment] = {}
            self._by_idempotency_key: dict[tuple[str, str], tuple[str, str]] = {}
            self._pickups: dict[str, dict[str, Any]] = {}
            self._instructions: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    def create(
        self, client_id: str, idempotency_key: str, body: dict[str, Any], story: Story
    ) -> tuple[dict[str, Any], bool]:
        """Book a shipment once per idempotency key; say whether it is new."""
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        key = (client_id, idempotency_key)
        with self._lock:
            if key in self._by_idempotency_key:
                known_fingerprint, shipment_id = self._by_idempotency_key[key]
                if known_fingerprint != fingerprint:
                    raise ApiError(
                        409,
                        IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key was used with a different body",
                    )
                return self._shipments[shipment_id].to_json(), False
            shipment = CarrierShipment(
                id=f"shp_{secrets.token_hex(8)}",
                tracking_number=self._new_tracking_number(),
                request=body,
                story=story,
                created_at=self._clock.now(),
            )
            self._shipments[shipment.id] = shipment
            self._by_tracking_number[shipment.tracking_number] = shipment
            self._by_idempotency_key[key] = (fingerprint, shipment.id)
            return shipment.to_json(), True

    def get(self, shipment_id: str) -> dict[str, Any]:
        """Return one shipment."""
        with self._lock:
            return self._find(shipment_id).to_json()

    def events(self, shipment_id: str) -> list[dict[str, Any]]:
        """Return a shipment's events, oldest first."""
        with self._lock:
            return list(self._find(shipment_id).events)

    def cancel(self, shipment_id: str) -> dict[str, Any]:
        """Cancel a shipment not yet picked up; cancelling twice is harmless."""
        with self._lock:
            shipment = self._find(shipment_id)
            if shipment.state is BookingState.PICKED_UP:
                raise ApiError(
                    409,
                    "already_picked_up",
                    "the shipment was picked up and can no longer be cancelled",
                )
            shipment.state = BookingState.CANCELLED
            return shipment.to_json()

    def instruct(
        self,
        client_id: str,
        idempotency_key: str,
        shipment_id: str,
        kind: InstructionKind,
        body: dict[str, Any],
    ) -> tuple[dict[str, Any], bool]:
        """Take an instruction once per idempotency key; say whether it is new."""
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        key = (client_id, idempotency_key)
        with self._lock:
            if key in self._instructions:
                known_fingerprint, receipt = self._instructions[key]
                if known_fingerprint != fingerprint:
                    raise ApiError(
                        409, IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used before"
                    )
                return receipt, False
            shipment = self._find(shipment_id)
            _check_can_be_instructed(shipment, kind)
            now = self._clock.now()
            receipt = {
                "id": f"ins_{secrets.token_hex(8)}",
                "shipment_id": shipment.id,
                "kind": kind.value,
                "accepted_at": _timestamp(now),
            }
            shipment.instructions.append(receipt | {"details": body})
            if kind is InstructionKind.RETURN_TO_SENDER:
                started = self._story_start(shipment) or now
                minutes_in = int((now - started).total_seconds() // 60)
                shipment.story = recalled(shipment.story, len(shipment.events), minutes_in)
            self._instructions[key] = (fingerprint, receipt)
            return receipt, True

    def request_pickup(self, shipment_ids: list[str]) -> tuple[dict[str, Any], bool]:
        """Schedule a pickup; the same shipments again return the same pickup."""
        with self._lock:
            shipments = [self._find(shipment_id) for shipment_id in shipment_ids]
            pickup_ids = {shipment.pickup_id for shipment in shipments}
            if len(pickup_ids) == 1 and None not in pickup_ids:
                pickup = self._pickups[pickup_ids.pop()]
                if set(pickup["shipment_ids"]) == set(shipment_ids):
                    return pickup, False
            for shipment in shipments:
                _check_can_be_picked_up(shipment)
            now = self._clock.now()
            pickup = {
                "id": f"pku_{secrets.token_hex(8)}",
                "shipment_ids": shipment_ids,
                "requested_at": _timestamp(now),
            }
            self._pickups[pickup["id"]] = pickup
            for shipment in shipments:
                shipment.state, shipment.pickup_id = BookingState.PICKUP_REQUESTED, pickup["id"]
                shipment.story_started_at = now
            return pickup, True

    def track(self, tracking_numbers: list[str]) -> dict[str, Any]:
        """Return the events of many shipments by tracking number."""
        with self._lock:
            found = [self._by_tracking_number.get(number) for number in tracking_numbers]
            return {
                "results": [
                    {
                        "tracking_number": shipment.tracking_number,
                        "shipment_id": shipment.id,
                        "events": list(shipment.events),
                    }
                    for shipment in found
                    if shipment
                ],
                "not_found": [
                    number
                    for number, shipment in zip(tracking_numbers, found, strict=True)
                    if shipment is None
                ],
            }

    def release_due_events(self) -> list[dict[str, Any]]:
        """Record every story step whose time has come; return the new events."""
        now = self._clock.now()
        with self._lock:
            return [
                event
                for shipment in self._shipments.values()
                for event in self._release(shipment, now)
            ]

    def all_events(self) -> list[dict[str, Any]]:
        """Return every event recorded so far, shipment by shipment, oldest first."""
        with self._lock:
            return [event for shipment in self._shipments.values() for event in shipment.events]

    def summaries(self) -> list[dict[str, Any]]:
        """Return every shipment with its story and progress, oldest first."""
        with self._lock:
            return [shipment.summary() for shipment in self._shipments.values()]

    def _find(self, shipment_id: str) -> CarrierShipment:
        """Return the live record of a shipment, or raise a 404."""
        try:
            return self._shipments[shipment_id]
        except KeyError:
            raise ApiError(404, "shipment_not_found", f"no shipment {shipment_id}") from None

    def _release(self, shipment: CarrierShipment, now: datetime) -> list[dict[str, Any]]:
        """Record the shipment's story steps that are due by `now`."""
        started_at = self._story_start(shipment)
        if started_at is None:
            return []
        released = []
        for step in shipment.story.steps[len(shipment.events) :]:
            occurred_at = started_at + timedelta(minutes=step.after_minutes)
            if occurred_at > now:
                break
            stamp = self._clock.real_time_of(occurred_at) if self._stamp_real_time else occurred_at
            released.append(_event(shipment, step, stamp))
        if released:
            shipment.events.extend(released)
            shipment.state = BookingState.PICKED_UP
        return released

    def _story_start(self, shipment: CarrierShipment) -> datetime | None:
        """Return when the shipment's story starts: its pickup, or the automatic pickup."""
        if shipment.state is BookingState.CANCELLED:
            return None
        if shipment.story_started_at is None and self._auto_pickup is not None:
            return shipment.created_at + self._auto_pickup
        return shipment.story_started_at

    def _new_tracking_number(self) -> str:
        """Return a UPU S10 number for registered mail, e.g. RR123456785ID."""
        serial = f"{self._next_serial:08d}"
        self._next_serial += 1
        return f"RR{serial}{s10_check_digit(serial)}ID"


def s10_check_digit(serial: str) -> int:
    """Return the UPU S10 check digit of an 8-digit serial number."""
    weighted = sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - weighted % 11
    return {10: 0, 11: 5}.get(check, check)


def _check_can_be_picked_up(shipment: CarrierShipment) -> None:
    """Raise a 409 unless the shipment is booked and in no other pickup."""
    if shipment.state is not BookingState.BOOKED:
        raise ApiError(
            409, "not_pickable", f"shipment {shipment.id} is {shipment.state.replace('_', ' ')}"
        )


def _check_can_be_instructed(shipment: CarrierShipment, kind: InstructionKind) -> None:
    """Raise a 409 for a shipment past acting on instructions, or a recall before pickup."""
    finished = shipment.events and shipment.events[-1]["code"] in FINAL_CODES
    if shipment.state is BookingState.CANCELLED or finished:
        raise ApiError(409, "too_late", f"shipment {shipment.id} is past taking instructions")
    if kind is InstructionKind.RETURN_TO_SENDER and not shipment.events:
        raise ApiError(
            409, "not_picked_up", f"shipment {shipment.id} was not picked up: cancel it instead"
        )


def _event(shipment: CarrierShipment, step: Step, occurred_at: datetime) -> dict[str, Any]:
    """Return the tracking event a story step produces."""
    sender, recipient = shipment.request["sender"], shipment.request["recipient"]
    location = step.place.value.format(
        sender_name=sender["name"],
        sender_regency=sender["address"]["regency"],
        recipient_province=recipient["address"]["province"],
        recipient_district=recipient["address"]["district"],
        recipient_village=recipient["address"]["village"],
    )
    return {
        "event_id": f"evt_{secrets.token_hex(10)}",
        "shipment_id": shipment.id,
        "tracking_number": shipment.tracking_number,
        "reference": shipment.request["reference"],
        "code": step.code,
        "description": CODE_DESCRIPTIONS[step.code],
        "location": location,
        "occurred_at": _timestamp(occurred_at),
    }


def _timestamp(moment: datetime) -> str:
    """Format a moment the carrier's way: ISO 8601 in Western Indonesian Time."""
    return moment.astimezone(WIB).isoformat(timespec="seconds")
