"""QR matrices for label URLs, made fast for batches of same-length URLs.

Every label URL in a batch has the same length, so the QR version is fixed by the
byte count, and the mask pattern is chosen once per version (any mask decodes; the
choice only spreads dark and light modules) instead of scoring all eight per label.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from labels.errors import InvalidLabelError

QUIET_ZONE = 4
MAX_VERSION = 10
_BIT_DIGITS = bytes.maketrans(b"\x00\x01", b"01")

_mask_by_version: dict[int, int] = {}


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol as a 1-bit image: `size` modules a side, quiet zone included."""

    size: int
    # Rows from the top, 1 for a dark module, each row padded to whole bytes: the
    # layout of a PDF image mask and of Pillow's "1;I" raw mode.
    bits: bytes

    def dark_modules(self) -> Iterator[tuple[int, int]]:
        """Yield (row, column) of every dark module."""
        stride = (self.size + 7) // 8
        for row in range(self.size):
            line = int.from_bytes(self.bits[row * stride : (row + 1) * stride], "big")
            for column in range(self.size):
                if line >> (stride * 8 - 1 - column) & 1:
                    yield row, column


def qr_matrix(url: str) -> QrMatrix:
    """Encode `url` alone, in byte mode at error correction level M."""
    data = url.encode("utf-8")
    version = qr_version(len(data))
    symbol = _new_symbol(data, version, _mask_by_version.get(version))
    if version not in _mask_by_version:
        _mask_by_version[version] = symbol.best_mask_pattern()
        symbol = _new_symbol(data, version, _mask_by_version[version])
    symbol.make(fit=False)
    return pack_modules(symbol.modules)


def qr_size(url: str) -> int:
    """Return the modules a side of the symbol `qr_matrix` makes for `url`, quiet zone included."""
    return 17 + 4 * qr_version(len(url.encode("utf-8"))) + 2 * QUIET_ZONE


def pack_modules(modules: Sequence[Sequence[bool | None]]) -> QrMatrix:
    """Pack a symbol's modules, adding the quiet zone, into a 1-bit image."""
    size = len(modules) + 2 * QUIET_ZONE
    stride = (size + 7) // 8
    right = b"0" * (QUIET_ZONE + stride * 8 - size)
    left, blank = b"0" * QUIET_ZONE, [b"0" * stride * 8] * QUIET_ZONE
    rows = [left + bytes(map(bool, row)).translate(_BIT_DIGITS) + right for row in modules]
    digits = b"".join([*blank, *rows, *blank])
    return QrMatrix(size, int(digits, 2).to_bytes(stride * size, "big"))


@lru_cache(maxsize=64)
def qr_version(byte_count: int) -> int:
    """Return the smallest QR version that holds `byte_count` bytes at level M."""
    probe = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
    probe.add_data(util.QRData(b"\0" * byte_count, mode=util.MODE_8BIT_BYTE))
    try:
        version = probe.best_fit()
    except DataOverflowError:
        version = MAX_VERSION + 1
    if version > MAX_VERSION:
        raise InvalidLabelError(
            f"qr_url is too long for a label QR code ({byte_count} bytes)", field="qr_url"
        )
    return version


def _new_symbol(data: bytes, version: int, mask: int | None) -> qrcode.QRCode:
    """Return an unmade QR symbol of a fixed version holding `data` in byte mode."""
    symbol = qrcode.QRCode(
        version=version, error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask
    )
    symbol.add_data(util.QRData(data, mode=util.MODE_8BIT_BYTE))
    return symbol
