"""Wrap and shrink blocks of text so that they fit a box on the label."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from labels.errors import InvalidLabelError

LEADING = 1.2
SHRINK_STEP = 0.92


class FontMetrics(Protocol):
    """What wrapping needs from a font: advance widths and vertical extent, in em."""

    ascent: float
    descent: float

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width of `text` set at `size`."""
        ...


@dataclass(frozen=True)
class Paragraph:
    """A piece of text that starts on a new line, sized relative to its block."""

    text: str
    scale: float = 1.0
    bold: bool = False


@dataclass(frozen=True)
class SetLine:
    """One line of set text; `baseline` is measured down from the top of its block."""

    text: str
    size: float
    bold: bool
    baseline: float


def fit_block(
    paragraphs: Sequence[Paragraph],
    font: FontMetrics,
    box: tuple[float, float],
    sizes: tuple[float, float],
    field: str,
) -> list[SetLine]:
    """Set paragraphs in a (width, height) box at the largest size in (max, min) that fits."""
    width, height = box
    size, min_size = sizes
    while True:
        lines = set_lines(paragraphs, font, size, width)
        if block_height(lines, font) <= height:
            return lines
        if size <= min_size:
            raise InvalidLabelError(f"{field} is too long to fit on the label", field=field)
        size = max(min_size, size * SHRINK_STEP)


def set_lines(
    paragraphs: Sequence[Paragraph], font: FontMetrics, size: float, width: float
) -> list[SetLine]:
    """Wrap every paragraph to `width` and stack the lines from the top of the block."""
    lines: list[SetLine] = []
    baseline = 0.0
    for paragraph in paragraphs:
        line_size = size * paragraph.scale
        for text in wrap(paragraph.text, font, line_size, width, paragraph.bold):
            baseline += font.ascent * line_size if not lines else LEADING * line_size
            lines.append(SetLine(text, line_size, paragraph.bold, baseline))
    return lines


def block_height(lines: Sequence[SetLine], font: FontMetrics) -> float:
    """Return the height from the block's top to the lowest descender."""
    if not lines:
        return 0.0
    return lines[-1].baseline + font.descent * lines[-1].size


def wrap(text: str, font: FontMetrics, size: float, width: float, bold: bool = False) -> list[str]:
    """Break `text` into lines no wider than `width`, splitting over-long words."""
    if not text:
        return []
    space = font.width(" ", size)
    extra = font.width("", size, bold)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in text.split(" "):
        word_width = font.width(word, size)
        if current and current_width + space + word_width + extra <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
            continue
        if current:
            lines.append(current)
        *full, current = split_word(word, font, size, width - extra)
        lines.extend(full)
        current_width = font.width(current, size)
    lines.append(current)
    return lines


def split_word(word: str, font: FontMetrics, size: float, width: float) -> list[str]:
    """Cut a word into pieces no wider than `width` (a whole word if it fits)."""
    if font.width(word, size) <= width:
        return [word]
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and font.width(piece + char, size) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces
