"""Read back what a ZPL field says."""

import re


def unescape(data: str) -> str:
    """Decode ^FH data: `_XX` stands for the byte 0xXX of UTF-8 text."""
    raw = re.sub(rb"_([0-9A-F]{2})", lambda match: bytes([int(match[1], 16)]), data.encode())
    return raw.decode()


def text_fields(zpl: str) -> list[str]:
    """Return the decoded data of every font 0 text field, in order."""
    return [unescape(data) for data in re.findall(r"\^A0N[^\^]*\^FH\^FD(.*?)\^FS", zpl)]
