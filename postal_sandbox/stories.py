"""The delivery stories the sandbox plays out, and how a shipment gets one.

Each story is a list of steps, timed in minutes from the moment the story starts
(a pickup request, or the automatic pickup delay after creation). The codes and
their descriptions are the carrier's own published list.

A shipment's story is the `X-Sandbox-Story` header of its create call when given,
otherwise it follows the last digit of the recipient's postal code:

    0-4  delivered                    5  not_at_home_then_delivered
    6    three_failed_attempts_returned
    7    refused_returned             8  address_not_found_returned
    9    lost
"""

from dataclasses import dataclass
from enum import Enum

STORY_HEADER = "X-Sandbox-Story"


class Place(Enum):
    """Where a step happens, filled in from the shipment's addresses."""

    ORIGIN = "Kantor Pos {sender_regency}"
    HUB = "Mail Processing Center {recipient_province}"
    DELIVERY_OFFICE = "Kantor Pos {recipient_district}"
    DOORSTEP = "{recipient_village}, {recipient_district}"
    SENDER = "{sender_name}, {sender_regency}"


CODE_DESCRIPTIONS: dict[int, str] = {
    1010: "Diterima di loket / dijemput kurir",
    1020: "Manifest ke kantor tujuan",
    1030: "Tiba di Mail Processing Center",
    1040: "Diberangkatkan dari Mail Processing Center",
    1050: "Tiba di kantor antaran",
    2010: "Proses antar",
    2020: "Antar ulang",
    3010: "Diterima oleh yang bersangkutan",
    4010: "Gagal antar: penerima tidak di tempat",
    4020: "Gagal antar: alamat tidak ditemukan",
    4030: "Gagal antar: ditolak penerima",
    5010: "Retur: batas percobaan antar tercapai",
    5020: "Retur: ditolak penerima",
    5030: "Retur: alamat tidak ditemukan",
    5050: "Retur: ditarik kembali oleh pengirim",
    5090: "Diterima kembali oleh pengirim",
    6010: "Kiriman hilang",
}


@dataclass(frozen=True)
class Step:
    """One tracking event, `after_minutes` after the story starts."""

    after_minutes: int
    code: int
    place: Place


@dataclass(frozen=True)
class Story:
    """A named sequence of tracking events a shipment goes through."""

    name: str
    summary: str
    steps: tuple[Step, ...]


_PICKED_UP_TO_HUB = (
    Step(30, 1010, Place.ORIGIN),
    Step(45, 1020, Place.ORIGIN),
    Step(240, 1030, Place.HUB),
    Step(300, 1040, Place.HUB),
)
_TO_DOORSTEP = (
    *_PICKED_UP_TO_HUB,
    Step(720, 1050, Place.DELIVERY_OFFICE),
    Step(1440, 2010, Place.DELIVERY_OFFICE),
)


def _returned_after(minutes: int) -> Step:
    """Return the step of the parcel arriving back at the sender."""
    return Step(minutes, 5090, Place.SENDER)


STORIES: dict[str, Story] = {
    story.name: story
    for story in (
        Story(
            "delivered",
            "delivered at the first attempt",
            (
                *_TO_DOORSTEP,
                Step(1620, 3010, Place.DOORSTEP),
            ),
        ),
        Story(
            "not_at_home_then_delivered",
            "nobody home, delivered the next day",
            (
                *_TO_DOORSTEP,
                Step(1620, 4010, Place.DOORSTEP),
                Step(2880, 2020, Place.DELIVERY_OFFICE),
                Step(3060, 3010, Place.DOORSTEP),
            ),
        ),
        Story(
            "three_failed_attempts_returned",
            "nobody home three times, returned",
            (
                *_TO_DOORSTEP,
                Step(1620, 4010, Place.DOORSTEP),
                Step(2880, 2020, Place.DELIVERY_OFFICE),
                Step(3060, 4010, Place.DOORSTEP),
                Step(4320, 2020, Place.DELIVERY_OFFICE),
                Step(4500, 4010, Place.DOORSTEP),
                Step(4560, 5010, Place.DELIVERY_OFFICE),
                _returned_after(7200),
            ),
        ),
        Story(
            "refused_returned",
            "refused at the door, returned",
            (
                *_TO_DOORSTEP,
                Step(1620, 4030, Place.DOORSTEP),
                Step(1680, 5020, Place.DELIVERY_OFFICE),
                _returned_after(4320),
            ),
        ),
        Story(
            "address_not_found_returned",
            "address not found, returned",
            (
                *_TO_DOORSTEP,
                Step(1620, 4020, Place.DOORSTEP),
                Step(1680, 5030, Place.DELIVERY_OFFICE),
                _returned_after(4320),
            ),
        ),
        Story(
            "lost",
            "lost after the sorting centre",
            (
                *_PICKED_UP_TO_HUB,
                Step(2880, 6010, Place.HUB),
            ),
        ),
    )
}

DEFAULT_STORY = STORIES["delivered"]
FINAL_CODES = frozenset({3010, 3020, 3030, 5090, 6010})
RECALL_AFTER_MINUTES = 30
RETURN_AFTER_MINUTES = 2880


def recalled(story: Story, played: int, minutes_in: int) -> Story:
    """The story of a shipment its sender recalls: what happened so far, then the return."""
    return Story(
        f"{story.name}, recalled",
        f"{story.summary}; recalled by the sender",
        (
            *story.steps[:played],
            Step(minutes_in + RECALL_AFTER_MINUTES, 5050, Place.DELIVERY_OFFICE),
            _returned_after(minutes_in + RETURN_AFTER_MINUTES),
        ),
    )


STORY_BY_POSTAL_DIGIT: dict[str, Story] = {
    "5": STORIES["not_at_home_then_delivered"],
    "6": STORIES["three_failed_attempts_returned"],
    "7": STORIES["refused_returned"],
    "8": STORIES["address_not_found_returned"],
    "9": STORIES["lost"],
}


def choose_story(requested: str | None, postal_code: str) -> Story:
    """Return the story named by the header, else the one the postal code's last digit picks."""
    if requested:
        try:
            return STORIES[requested]
        except KeyError:
            raise ValueError(f"unknown story; one of {', '.join(STORIES)}") from None
    return STORY_BY_POSTAL_DIGIT.get(postal_code[-1:], DEFAULT_STORY)


def describe_stories() -> dict[str, object]:
    """Return the stories and the selection rule, for the admin endpoint."""
    return {
        "header": STORY_HEADER,
        "default": DEFAULT_STORY.name,
        "by_postal_code_last_digit": {
            digit: STORY_BY_POSTAL_DIGIT.get(digit, DEFAULT_STORY).name for digit in "0123456789"
        },
        "stories": {
            story.name: {"summary": story.summary, "codes": [step.code for step in story.steps]}
            for story in STORIES.values()
        },
    }
