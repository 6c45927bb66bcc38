"""Tracking codes people can read aloud and type, and the opaque tokens printed in QR codes.

A tracking code looks like AN-7K3M-Q9PX: seven random characters from an alphabet without
look-alikes (no 0/O, 1/I/L, U), and a Luhn mod-N check character that catches any single
mistyped character and most swapped neighbours.
"""

import re
import secrets

from stdnum import luhn

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "AN"
CODE_PATTERN = re.compile(rf"{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")
QR_TOKEN_BYTES = 18  # 144 bits


def new_tracking_code() -> str:
    """Return a fresh random tracking code with its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(7))
    body += luhn.calc_check_digit(body, alphabet=ALPHABET)
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def normalize_tracking_code(typed: str) -> str:
    """Read a code as people type it: any case, with or without spaces and dashes."""
    compact = re.sub(r"[\s\-_.]", "", typed.upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    return f"{PREFIX}-{compact[:4]}-{compact[4:]}" if len(compact) == 8 else typed.strip().upper()


def is_valid_tracking_code(code: str) -> bool:
    """Tell whether a (normalized) code has the right shape and check character."""
    if not CODE_PATTERN.fullmatch(code):
        return False
    return luhn.is_valid(code[3:7] + code[8:], alphabet=ALPHABET)


def new_qr_token() -> str:
    """Return an opaque random token (144 bits) for the label's QR code."""
    return secrets.token_urlsafe(QR_TOKEN_BYTES)
