"""The one table from the carrier's codes to what they say, in the carrier's own words."""

import re
from importlib.resources import files

import pytest

from postal_client import CARRIER_CODES, Reason, Status, UnknownCarrierCode, meaning_of

CONTRACT = files("postal_client").joinpath("openapi.json").read_text("utf-8")


def published_codes() -> dict[int, str]:
    """The code list the contract publishes: code, then the carrier's words for it."""
    rows = re.findall(r"\| (\d{4}) \| ([^|]+?) \|", CONTRACT)
    return {int(code): label for code, label in rows}


def test_the_table_is_the_carriers_published_code_list():
    assert {code: meaning.label for code, meaning in CARRIER_CODES.items()} == published_codes()


def test_the_statuses_are_the_carriers_code_groups():
    groups = {
        1: {Status.IN_CARRIER_HANDS},
        2: {Status.OUT_FOR_DELIVERY},
        3: {Status.DELIVERED},
        4: {Status.FAILED_ATTEMPT},
        5: {Status.RETURNING_TO_SENDER, Status.RETURNED_TO_SENDER},
        6: {Status.IRREGULARITY},
    }

    for code, meaning in CARRIER_CODES.items():
        assert meaning.status in groups[code // 1000], code
    assert {meaning.status for meaning in CARRIER_CODES.values()} == set(Status)


def test_every_reason_is_one_the_carrier_gives():
    assert {meaning.reason for meaning in CARRIER_CODES.values()} - {None} == set(Reason)


def test_failed_attempts_returns_and_irregularities_always_carry_a_reason():
    needs_reason = {Status.FAILED_ATTEMPT, Status.RETURNING_TO_SENDER, Status.IRREGULARITY}

    for code, meaning in CARRIER_CODES.items():
        assert (meaning.reason is not None) == (meaning.status in needs_reason), code


def test_an_unknown_code_is_an_error_not_a_guess():
    with pytest.raises(UnknownCarrierCode):
        meaning_of(9999)
