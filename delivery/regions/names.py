"""How people write region names, and how close a typed name is to a real one.

A name is compared without case, punctuation or extra spaces, with or without the word for
its level in front ("Kel.", "Desa", "Kampung", "Kec."…), written together or apart
("Simbarwaringin", "Simbar Waringin"), and with its numbers as digits, Roman numerals or
words ("Sido Mulyo II", "Sido Mulyo 2").
"""

import difflib
import re
from collections.abc import Iterable, Iterator

NOT_NAME = re.compile(r"[^0-9a-z]+")
APOSTROPHES = re.compile(r"['’`]")
LEVEL_WORDS = frozenset(
    "kelurahan kel desa ds kampung kp pekon tiyuh gampong nagari "
    "kecamatan kec distrik kabupaten kab provinsi prov propinsi".split()
)
NUMERALS = {
    form: str(number)
    for number, forms in enumerate(
        [
            ("satu", "i", "1"),
            ("dua", "ii", "2"),
            ("tiga", "iii", "3"),
            ("empat", "iv", "4"),
            ("lima", "v", "5"),
            ("enam", "vi", "6"),
            ("tujuh", "vii", "7"),
            ("delapan", "viii", "8"),
            ("sembilan", "ix", "9"),
            ("sepuluh", "x", "10"),
        ],
        start=1,
    )
    for form in forms
}
CLOSE_ENOUGH = 0.75
MAX_SUGGESTIONS = 3


def normalized(name: str) -> str:
    """Lower case, letters and digits only, one space between words."""
    return " ".join(NOT_NAME.sub(" ", APOSTROPHES.sub("", name.lower())).split())


def without_level_word(name: str) -> str:
    """The normalized name without a leading "kel", "desa", "kec"… (when more follows)."""
    first, _space, rest = name.partition(" ")
    return rest if first in LEVEL_WORDS and rest else name


def with_digits(name: str) -> str:
    """Write number words after the first word as digits: "sido mulyo ii" → "sido mulyo 2"."""
    words = name.split()
    return " ".join(words[:1] + [NUMERALS.get(word, word) for word in words[1:]])


def name_keys(name: str) -> Iterator[str]:
    """Every key a name is known under, the closest to what was written first."""
    full = normalized(name)
    seen = set()
    for form in (full, without_level_word(full)):
        counted = with_digits(form)
        for key in (form, counted, counted.replace(" ", "")):
            if key and key not in seen:
                seen.add(key)
                yield key


def suggestions(typed: str, names: Iterable[str]) -> list[str]:
    """The real names closest to a typed one, best first ("did you mean …?")."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(comparable(name), name)
    close = difflib.get_close_matches(
        comparable(typed), list(by_key), n=MAX_SUGGESTIONS, cutoff=CLOSE_ENOUGH
    )
    return [by_key[key] for key in close]


def comparable(name: str) -> str:
    """A name as typos are measured: no level word, no spaces, numbers as digits."""
    return with_digits(without_level_word(normalized(name))).replace(" ", "")
