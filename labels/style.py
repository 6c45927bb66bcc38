"""How labels and manifests read: the font, the words printed beside the data, the metadata.

The caller passes a `LabelStyle` to every renderer; the defaults are neutral English and
name no application. Captions are printed exactly as given.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelCaptions:
    """The words a label prints beside the caller's data."""

    sender: str = "FROM"
    recipient: str = "TO"
    phone: str = "Phone:"
    tracking_code: str = "TRACKING CODE"


@dataclass(frozen=True)
class ManifestCaptions:
    """The words of a handover manifest; `page` and `date_format` are templates."""

    title: str = "Parcel handover manifest"
    number: str = "No."
    tracking_code: str = "Tracking code"
    village: str = "Village"
    district: str = "District"
    document_count: str = "Documents"
    parcel_count: str = "Parcels"
    batch: str = "Batch"
    created: str = "Created"
    total_parcels: str = "Total parcels"
    total_documents: str = "Total documents"
    handed_over_by: str = "Handed over by: the sender"
    received_by: str = "Received by: the carrier"
    name: str = "Name"
    signature: str = "Signature"
    date: str = "Date"
    page: str = "Page {page} of {pages}"
    date_format: str = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class PdfMetadata:
    """What a PDF says about itself; a manifest takes its title from its heading instead."""

    title: str = "Parcel labels"
    author: str = ""
    creator: str = ""
    subject: str = ""


@dataclass(frozen=True)
class LabelStyle:
    """Everything about a label that is the caller's choice rather than the parcel's data.

    `font` is the path of a TrueType file; None uses the first found of Noto Sans from the
    PyPI package `fontpkg-noto-sans`, then Noto Sans or DejaVu Sans from Debian packages.
    `language` is the BCP 47 tag of the captions, recorded in PDF documents.
    """

    font: str | os.PathLike[str] | None = None
    language: str = "en"
    captions: LabelCaptions = LabelCaptions()
    manifest: ManifestCaptions = ManifestCaptions()
    metadata: PdfMetadata = PdfMetadata()


DEFAULT_STYLE = LabelStyle()
