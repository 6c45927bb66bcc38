"""Code 128 bar patterns for tracking codes."""

from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.barcode.code128 import Code128

from labels.errors import InvalidLabelError

QUIET_ZONE = 10


@dataclass(frozen=True)
class BarPattern:
    """A Code 128 symbol: bars as (first module, width) and its width without quiet zones."""

    bars: tuple[tuple[int, int], ...]
    modules: int


@lru_cache(maxsize=4096)
def code128(value: str) -> BarPattern:
    """Encode `value` (printable ASCII) as Code 128, letting reportlab pick the subsets."""
    if not value or not all(" " <= char <= "~" for char in value):
        raise InvalidLabelError(
            f"tracking_code {value!r} must be non-empty printable ASCII for Code 128",
            field="tracking_code",
        )
    symbol = Code128(value)
    symbol.validate()
    symbol.encode()
    return _bars_from_widths(symbol.decompose())


def _bars_from_widths(decomposed: str) -> BarPattern:
    """Turn reportlab's width string (upper case bar, lower case space, A=1) into bars."""
    bars: list[tuple[int, int]] = []
    position = 0
    for element in decomposed:
        width = ord(element.lower()) - ord("a") + 1
        if element.isupper():
            bars.append((position, width))
        position += width
    return BarPattern(bars=tuple(bars), modules=position)
