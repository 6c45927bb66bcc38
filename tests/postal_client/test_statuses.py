"""The one table from carrier codes to the project's normalized statuses and reasons."""

import pytest

from postal_client import CARRIER_CODES, Reason, Status, UnknownCarrierCode, meaning_of
from postal_client.sandbox import STORIES
from postal_client.sandbox.stories import CODE_DESCRIPTIONS

FINAL_STATUS_OF_STORY = {
    "delivered": Status.DELIVERED,
    "not_at_home_then_delivered": Status.DELIVERED,
    "three_failed_attempts_returned": Status.RETURNED,
    "refused_returned": Status.RETURNED,
    "address_not_found_returned": Status.RETURNED,
    "lost": Status.EXCEPTION,
}


def test_the_normalized_values_are_the_ones_the_app_relies_on():
    assert {status.value for status in Status} == {
        "in_transit",
        "out_for_delivery",
        "delivered",
        "attempt_failed",
        "returning",
        "returned",
        "exception",
    }
    assert {reason.value for reason in Reason} == {
        "not_at_home",
        "address_not_found",
        "refused",
        "recipient_moved",
        "not_entitled",
        "max_attempts",
        "lost",
        "damaged",
        "held",
    }


def test_every_code_the_sandbox_can_emit_is_in_the_table():
    emitted = {step.code for story in STORIES.values() for step in story.steps}

    assert emitted <= set(CARRIER_CODES)
    assert set(CODE_DESCRIPTIONS) <= set(CARRIER_CODES)


@pytest.mark.parametrize("story", STORIES.values(), ids=lambda story: story.name)
def test_every_story_ends_in_its_final_status(story):
    assert meaning_of(story.steps[-1].code).status is FINAL_STATUS_OF_STORY[story.name]


def test_failed_attempts_and_exceptions_always_carry_a_reason():
    needs_reason = {Status.ATTEMPT_FAILED, Status.RETURNING, Status.EXCEPTION}

    for code, meaning in CARRIER_CODES.items():
        assert (meaning.reason is not None) == (meaning.status in needs_reason), code


def test_the_first_digit_of_a_code_tells_its_group():
    groups = {
        1: {Status.IN_TRANSIT},
        2: {Status.OUT_FOR_DELIVERY},
        3: {Status.DELIVERED},
        4: {Status.ATTEMPT_FAILED},
        5: {Status.RETURNING, Status.RETURNED},
        6: {Status.EXCEPTION},
    }

    for code, meaning in CARRIER_CODES.items():
        assert meaning.status in groups[code // 1000], code


def test_an_unknown_code_is_an_error_not_a_guess():
    with pytest.raises(UnknownCarrierCode):
        meaning_of(9999)
