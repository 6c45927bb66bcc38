"""ZPL for Zebra printers: one well-formed format per label, data that cannot inject."""

import re
import unicodedata
from dataclasses import dataclass

import pytest

from labels import InvalidLabelError, render_zpl
from tests.labels.zpl_fields import unescape

ALLOWED_COMMANDS = {
    "XA",
    "CI",
    "PW",
    "LL",
    "LH",
    "FO",
    "FT",
    "A0N",
    "FH",
    "FD",
    "FS",
    "GB",
    "BQN",
    "BY",
    "BCN",
    "XZ",
}
WIDTH, HEIGHT = 812, 1218


@dataclass(frozen=True)
class Field:
    """One ^FO/^FT…^FS field: where it is, how it is drawn, and its decoded data."""

    x: int
    y: int
    kind: str
    parameters: str
    data: str


def parse_format(body: str) -> list[Field]:
    """Split one format into fields, checking every command and decoding ^FH data."""
    names = _command_names(body)
    fields = []
    for x, y, kind, parameters, escaped, data in re.findall(
        r"\^F[OT](\d+),(\d+)\^(A0N|BQN|BCN|GB)([^\^]*)(\^FH)?(?:\^FD(.*?))?\^FS", body
    ):
        assert escaped or kind == "GB", "a data field without ^FH"
        fields.append(Field(int(x), int(y), kind, parameters, unescape(data)))
    assert len(fields) == names.count("FO") + names.count("FT") == names.count("FS")
    return fields


def _command_names(body: str) -> list[str]:
    """Return the command names of a format, with the data of ^FD fields left out."""
    without_data = re.sub(r"\^FD.*?\^FS", "^FS", body, flags=re.S)
    names = []
    for part in without_data.split("^")[1:]:
        longest_first = sorted(ALLOWED_COMMANDS, key=len, reverse=True)
        name = next((name for name in longest_first if part.startswith(name)), None)
        assert name is not None, f"unexpected command ^{part}"
        names.append(name)
    return names


def formats_of(zpl: str) -> list[str]:
    """Return the bodies of the ^XA…^XZ formats, checking nothing lies between them."""
    bodies = re.findall(r"\^XA(.*?)\^XZ", zpl, flags=re.S)
    assert re.sub(r"\^XA.*?\^XZ", "", zpl, flags=re.S).strip() == ""
    return bodies


def test_each_label_is_one_format_with_its_qr_url_and_code128_tracking_code(label_batch):
    zpl = render_zpl(label_batch)
    bodies = formats_of(zpl)
    assert len(bodies) == len(label_batch)
    for label, body in zip(label_batch, bodies, strict=True):
        fields = parse_format(body)
        (qr,) = [field for field in fields if field.kind == "BQN"]
        (bars,) = [field for field in fields if field.kind == "BCN"]
        assert qr.data == f"MM,B{len(label.qr_url.encode()):04d}{label.qr_url}"
        assert bars.data == label.tracking_code
        assert "^CI28" in body


def test_qr_code_is_level_m_in_byte_mode_and_at_least_25_mm(label_batch):
    body = formats_of(render_zpl(label_batch[:1]))[0]
    (qr,) = [field for field in parse_format(body) if field.kind == "BQN"]
    model, magnification = (int(value) for value in qr.parameters.strip(",").split(","))
    assert model == 2
    assert qr.data.startswith("MM,B"), "error correction M, manual byte mode"
    version = 4  # 56 bytes fit version 4 at level M
    assert (17 + 4 * version) * magnification >= 25 * 8


def test_every_field_lies_on_the_label(label_batch):
    for body in formats_of(render_zpl(label_batch)):
        for field in parse_format(body):
            assert 0 <= field.x < WIDTH and 0 <= field.y < HEIGHT


def test_text_with_zpl_control_characters_cannot_inject_commands(make_label):
    hostile = make_label(
        recipient_name="Budi ^XZ^XA ^FO0,0 ^GB812 ~JR_Santoso",
        address_lines=["Jl. Caret ^ No. 5", "RT 001 / RW 002 ~DG", "Desa Tilde_Underscore"],
    )
    bodies = formats_of(render_zpl([hostile]))
    assert len(bodies) == 1
    assert "~" not in bodies[0]
    printed = " ".join(field.data for field in parse_format(bodies[0]) if field.kind == "A0N")
    assert "Budi ^XZ^XA ^FO0,0 ^GB812 ~JR_Santoso" in printed
    assert "Jl. Caret ^ No. 5" in printed and "Desa Tilde_Underscore" in printed


def test_names_and_long_addresses_survive_in_full(make_label, sample_texts):
    label = make_label(
        recipient_name="Ṣāliḥ bin ʿAbdullāh",
        address_lines=[sample_texts.long_street, "Lampung 34163"],
    )
    fields = parse_format(formats_of(render_zpl([label]))[0])
    printed = " ".join(field.data for field in fields if field.kind == "A0N").split()
    expected = unicodedata.normalize("NFC", f"{label.recipient_name} {sample_texts.long_street}")
    assert all(word in printed for word in expected.split())
    street = sample_texts.long_street
    street_lines = [field for field in fields if field.data and field.data in street]
    assert len(street_lines) >= 2, "the long street is not wrapped"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"recipient_name": " "}, "recipient_name"),
        ({"address_lines": []}, "address_lines"),
        ({"tracking_code": "AN-Ω-0001"}, "tracking_code"),
        ({"qr_url": "https://antar.example/p/ spaced"}, "qr_url"),
    ],
)
def test_a_label_that_cannot_be_printed_correctly_is_refused(make_label, overrides, field):
    with pytest.raises(InvalidLabelError) as caught:
        render_zpl([make_label(**overrides)])
    assert caught.value.field == field


@pytest.mark.parametrize("count", [0, 3])
def test_zpl_holds_as_many_formats_as_labels(label_batch, count):
    assert len(formats_of(render_zpl(label_batch[:count]))) == count
