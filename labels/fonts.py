"""Find, load and measure the TrueType font that labels are set in.

The font is looked up at run time, never shipped with the code: the path the caller's
style names, else the Noto Sans font of the PyPI package `fontpkg-noto-sans`, else fonts
from Debian packages.
"""

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from labels.errors import FontNotFoundError, InvalidLabelError

PYPI_FONT_FAMILY = "Noto Sans"
DEBIAN_FONT_PATHS = (
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
BOLD_STROKE_EM = 0.05  # outline added to fake a bold weight from the one regular face
INSTALL_HINT = (
    "install the PyPI package 'fontpkg-noto-sans' (pip install fontpkg-noto-sans) or the "
    "Debian package 'fonts-dejavu-core', or name a .ttf file as the style's font"
)

PRINTABLE_ASCII = "".join(map(chr, range(0x20, 0x7F)))


@dataclass(frozen=True)
class LabelFont:
    """A TrueType font registered with reportlab, with the metrics layout needs."""

    name: str
    path: Path
    widths: dict[int, float]
    default_width: float
    ascent: float
    descent: float

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width in points of `text` set at `size`."""
        try:
            units = sum(map(self.widths.__getitem__, map(ord, text)))
        except KeyError:
            units = sum(self.widths.get(ord(char), self.default_width) for char in text)
        return units * size / 1000 + (BOLD_STROKE_EM * size if bold else 0.0)

    def missing_glyphs(self, text: str) -> str:
        """Return the characters of `text` that the font cannot draw."""
        return "".join(sorted({char for char in text if ord(char) not in self.widths}))


def label_font(path: str | os.PathLike[str] | None) -> LabelFont:
    """Return the font at `path` (None: found), registering it with reportlab on first use."""
    return _load_font(find_font_path(path))


def find_font_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the font file at `path`, or without a path the first one installed."""
    if path is not None:
        explicit = Path(path)
        if not explicit.is_file():
            raise FontNotFoundError(f"label font {explicit} does not exist")
        return explicit
    for candidate in (_pypi_font_path(), *DEBIAN_FONT_PATHS):
        if candidate is not None and candidate.is_file():
            return candidate
    raise FontNotFoundError(f"no TrueType font for labels was found: {INSTALL_HINT}")


def pil_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    """Return the Pillow font for `path` at `size_px` pixels, cached."""
    return _pil_font(path, max(size_px, 1))


def normalize_text(text: str, field: str, font: LabelFont) -> str:
    """Return `text` cleaned (see `clean_text`), or fail if the font lacks a glyph."""
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # printable ASCII needs no cleaning, and every label font has it
    cleaned = clean_text(text)
    missing = font.missing_glyphs(cleaned)
    if missing:
        raise InvalidLabelError(
            f"{field}: the label font {font.path.name} has no glyph for {missing!r}",
            field=field,
        )
    return cleaned


def clean_text(text: str) -> str:
    """Return `text` composed (NFC) on one line, control characters and runs of spaces gone."""
    composed = unicodedata.normalize("NFC", text)
    return " ".join("".join(c if c.isprintable() else " " for c in composed).split())


@lru_cache(maxsize=1)
def _pypi_font_path() -> Path | None:
    """Return the Noto Sans file shipped by the fontpkg-noto-sans package, if installed."""
    try:
        import fontpkg
    except ImportError:
        return None
    try:
        return Path(fontpkg.path(PYPI_FONT_FAMILY))
    except fontpkg.FontpkgError:
        return None


@lru_cache(maxsize=8)
def _load_font(path: Path) -> LabelFont:
    """Register the font at `path` with reportlab under a name unique to the file."""
    name = "Label-" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    try:
        ttfont = TTFont(name, str(path))
    except (TTFError, OSError) as error:
        message = f"label font {path} cannot be used ({error}): {INSTALL_HINT}"
        raise FontNotFoundError(message) from error
    face = ttfont.face
    if any(ord(char) not in face.charWidths for char in PRINTABLE_ASCII):
        raise FontNotFoundError(f"label font {path} lacks basic Latin letters: {INSTALL_HINT}")
    pdfmetrics.registerFont(ttfont)
    return LabelFont(
        name=name,
        path=path,
        widths=dict(face.charWidths),
        default_width=float(face.defaultWidth),
        ascent=face.ascent / 1000,
        descent=-face.descent / 1000,
    )


@lru_cache(maxsize=64)
def _pil_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    """Load `path` at `size_px` with Pillow."""
    return ImageFont.truetype(str(path), size_px)
