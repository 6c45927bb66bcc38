"""Parcel labels (PDF, PNG, ZPL) and handover manifests for Antar.

A label prints exactly what `LabelData` holds: its QR code carries only `qr_url`.
Text is set in a TrueType font found at run time (see `labels.fonts`); large PDF
batches are laid out on several processes (see `labels.prepare`).
"""

from labels.errors import FontNotFoundError, InvalidLabelError, LabelError
from labels.fonts import set_label_font
from labels.manifest import render_manifest_pdf
from labels.model import LabelData, Manifest, ManifestRow
from labels.pdf import render_pdf
from labels.png import render_png
from labels.zpl import render_zpl

__all__ = [
    "FontNotFoundError",
    "InvalidLabelError",
    "LabelData",
    "LabelError",
    "Manifest",
    "ManifestRow",
    "render_manifest_pdf",
    "render_pdf",
    "render_png",
    "render_zpl",
    "set_label_font",
]
