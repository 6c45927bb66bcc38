"""The postal client configured from the settings, one per thread, and what Antar sends it."""

import threading

from flask import Flask, current_app

from delivery.models import Office, Parcel
from postal_client import Address, Party, PostalClient, ShipmentRequest

PARCEL_WEIGHT_GRAMS = 100
DOCUMENT_WEIGHT_GRAMS = 20
_clients = threading.local()


def carrier_client() -> PostalClient:
    """Return this thread's client for the configured carrier (requests sessions are per thread)."""
    app: Flask = current_app._get_current_object()
    settings = (
        app.config["CARRIER_URL"],
        app.config["CARRIER_CLIENT_ID"],
        app.config["CARRIER_CLIENT_SECRET"],
    )
    cached = getattr(_clients, "by_settings", {})
    if settings not in cached:
        cached[settings] = PostalClient(
            *settings,
            max_retries=app.config["CARRIER_MAX_RETRIES"],
            backoff_base=app.config["CARRIER_BACKOFF_SECONDS"],
        )
        _clients.by_settings = cached
    return cached[settings]


def sender(office: Office) -> Party:
    """The office as the shipment's sender, with its return address."""
    return Party(
        name=office.name,
        phone=office.phone,
        address=Address(
            lines=(office.address,),
            village=office.village,
            district=office.district,
            regency=office.regency,
            province=office.province,
            postal_code=office.postal_code,
        ),
    )


def shipment_request(parcel: Parcel, document_count: int | None = None) -> ShipmentRequest:
    """Describe the parcel to the carrier: no NIK, KK number or document type leaves Antar.

    The weight counts the parcel's documents (give their number if it is known already)."""
    recipient = Party(
        name=parcel.recipient_name,
        phone=parcel.recipient_phone,
        address=Address(
            lines=(parcel.street, f"RT {parcel.rt} / RW {parcel.rw}"),
            village=parcel.village,
            district=parcel.district,
            regency=parcel.regency,
            province=parcel.province,
            postal_code=parcel.postal_code,
        ),
    )
    if document_count is None:
        document_count = len(parcel.documents)
    weight = PARCEL_WEIGHT_GRAMS + DOCUMENT_WEIGHT_GRAMS * document_count
    return ShipmentRequest(
        reference=parcel.tracking_code,
        sender=sender(parcel.office),
        recipient=recipient,
        weight_grams=weight,
    )
