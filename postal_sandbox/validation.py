"""Field checks on create-shipment bodies, answering 422 with one message per field."""

import re
from typing import Any

from postal_sandbox.routing import ApiError

MAX_WEIGHT_GRAMS = 30_000
ADDRESS_TEXT_FIELDS = ("village", "district", "regency", "province")
PHONE_PATTERN = re.compile(r"(\+62|0)\d{8,13}")
POSTAL_CODE_PATTERN = re.compile(r"\d{5}")


def validate_shipment(body: dict[str, Any]) -> None:
    """Raise a 422 naming every invalid field of a create-shipment body."""
    problems: dict[str, str] = {}
    _check_text(body, "reference", "reference", problems, max_length=64)
    weight = body.get("weight_grams")
    if not isinstance(weight, int) or isinstance(weight, bool):
        problems["weight_grams"] = "required, a whole number of grams"
    elif not 1 <= weight <= MAX_WEIGHT_GRAMS:
        problems["weight_grams"] = f"must be from 1 to {MAX_WEIGHT_GRAMS} grams"
    for party in ("sender", "recipient"):
        _check_party(body.get(party), party, problems)
    if problems:
        raise ApiError(422, "validation_failed", "the shipment has invalid fields", fields=problems)


def _check_party(party: Any, prefix: str, problems: dict[str, str]) -> None:
    """Check a sender or recipient: name, phone and address."""
    if not isinstance(party, dict):
        problems[prefix] = "required, an object with name, phone and address"
        return
    _check_text(party, "name", f"{prefix}.name", problems)
    phone = party.get("phone")
    compact = re.sub(r"[\s-]", "", phone) if isinstance(phone, str) else ""
    if not PHONE_PATTERN.fullmatch(compact):
        problems[f"{prefix}.phone"] = "required, an Indonesian number such as 081234567890"
    check_address(party.get("address"), f"{prefix}.address", problems)


def check_address(address: Any, prefix: str, problems: dict[str, str]) -> None:
    """Check an address: 1-3 lines, the administrative units and a 5-digit postal code."""
    if not isinstance(address, dict):
        problems[prefix] = "required, an object"
        return
    lines = address.get("lines")
    if (
        not isinstance(lines, list)
        or not 1 <= len(lines) <= 3
        or not all(isinstance(line, str) and line.strip() for line in lines)
    ):
        problems[f"{prefix}.lines"] = "required, 1 to 3 non-empty lines"
    for name in ADDRESS_TEXT_FIELDS:
        _check_text(address, name, f"{prefix}.{name}", problems)
    postal_code = address.get("postal_code")
    if not isinstance(postal_code, str) or not POSTAL_CODE_PATTERN.fullmatch(postal_code):
        problems[f"{prefix}.postal_code"] = "required, 5 digits"


def _check_text(
    data: dict[str, Any], key: str, name: str, problems: dict[str, str], max_length: int = 100
) -> None:
    """Check a required, non-blank text field of at most `max_length` characters."""
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems[name] = "required"
    elif len(value) > max_length:
        problems[name] = f"at most {max_length} characters"
