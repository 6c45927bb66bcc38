"""Parcel labels (PDF, PNG, ZPL) and handover manifests.

A label prints exactly what `LabelData` holds, its QR code carrying only `qr_url`, with
the captions, font, language and document metadata of the caller's `LabelStyle` (neutral
English by default). One description of a label (`labels.layout`) is translated into
each format. Large PDF and ZPL batches are laid out on several processes (`processes`).
"""

from labels.errors import FontNotFoundError, InvalidLabelError, LabelError
from labels.manifest import render_manifest_pdf
from labels.model import LabelData, Manifest, ManifestRow
from labels.pdf import render_pdf
from labels.png import render_png
from labels.style import LabelCaptions, LabelStyle, ManifestCaptions, PdfMetadata
from labels.zpl import render_zpl

__all__ = [
    "FontNotFoundError",
    "InvalidLabelError",
    "LabelCaptions",
    "LabelData",
    "LabelError",
    "LabelStyle",
    "Manifest",
    "ManifestCaptions",
    "ManifestRow",
    "PdfMetadata",
    "render_manifest_pdf",
    "render_pdf",
    "render_png",
    "render_zpl",
]
