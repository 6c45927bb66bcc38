"""Page formats that labels are printed on."""

from dataclasses import dataclass

from labels.errors import InvalidLabelError
from labels.layout import MM


@dataclass(frozen=True)
class Sheet:
    """A page holding `len(slots)` labels; slots are lower left corners, in reading order."""

    page_size: tuple[float, float]
    label_size: tuple[float, float]
    slots: tuple[tuple[float, float], ...]
    cut_marks: bool


def _a4_sheet() -> Sheet:
    """Four 96 x 140 mm labels on A4, each centred in a quarter of the page."""
    page_width, page_height = 210 * MM, 297 * MM
    label_width, label_height = 96 * MM, 140 * MM
    cell_width, cell_height = page_width / 2, page_height / 2
    inset_x, inset_y = (cell_width - label_width) / 2, (cell_height - label_height) / 2
    slots = tuple(
        (column * cell_width + inset_x, row * cell_height + inset_y)
        for row in (1, 0)
        for column in (0, 1)
    )
    return Sheet((page_width, page_height), (label_width, label_height), slots, True)


SHEETS = {
    "4x6": Sheet((100 * MM, 150 * MM), (100 * MM, 150 * MM), ((0.0, 0.0),), False),
    "a4": _a4_sheet(),
}


def sheet_for(layout: str) -> Sheet:
    """Return the sheet named `layout`, or fail naming the choices."""
    try:
        return SHEETS[layout]
    except KeyError:
        choices = ", ".join(sorted(SHEETS))
        raise InvalidLabelError(
            f"layout {layout!r} is not one of: {choices}", field="layout"
        ) from None


def cut_mark_segments(
    slot: tuple[float, float], label_size: tuple[float, float]
) -> list[tuple[float, float, float, float]]:
    """Return short lines just outside each corner of a label, along its edges."""
    gap, length = 1 * MM, 3 * MM
    x0, y0 = slot
    x1, y1 = x0 + label_size[0], y0 + label_size[1]
    segments = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            segments.append((x + dx * gap, y, x + dx * (gap + length), y))
            segments.append((x, y + dy * gap, x, y + dy * (gap + length)))
    return segments
