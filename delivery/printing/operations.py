"""Labels and handover manifests for the office's parcels, in the formats printers take."""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response, current_app
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from delivery.core.errors import Conflict, DomainError
from delivery.dispatch.operations import accepted_shipments
from delivery.models import DispatchBatch, Office, Parcel
from delivery.printing.rule_words import label_rule
from labels import (
    InvalidLabelError,
    LabelCaptions,
    LabelData,
    LabelStyle,
    Manifest,
    ManifestCaptions,
    ManifestRow,
    PdfMetadata,
    render_manifest_pdf,
    render_pdf,
    render_png,
    render_zpl,
)

LABEL_FORMATS = ("pdf", "a4", "png", "zpl")
APP_NAME = "Antar"
MANIFEST_TIME_FORMAT = "%d-%m-%Y %H:%M"


@dataclass(frozen=True)
class PrintFile:
    """A rendered file and how to send it."""

    content: bytes
    mimetype: str
    filename: str


def download_response(printed: PrintFile) -> Response:
    """Send a rendered file as a download."""
    return Response(
        printed.content,
        mimetype=printed.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{printed.filename}"'},
    )


def label_url(parcel: Parcel) -> str:
    """The only thing in the QR code: the public URL with the parcel's opaque token."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/p/{parcel.qr_token}"


def label_data(parcel: Parcel) -> LabelData:
    """What is printed on the parcel's label: never a NIK, KK number, birth date or type."""
    count = len(parcel.documents)
    return LabelData(
        tracking_code=parcel.tracking_code,
        qr_url=label_url(parcel),
        recipient_name=parcel.recipient_name,
        address_lines=parcel.address_lines,
        phone=parcel.recipient_phone,
        sender_name=parcel.office.name,
        return_address_lines=parcel.office.return_address_lines,
        service_line=ngettext(
            "Population documents · %(num)d item", "Population documents · %(num)d items", count
        )
        + ". "
        + label_rule(parcel.office),
    )


def label_style(office: Office | None) -> LabelStyle:
    """The office's labels and manifests, in the user's language and the configured font."""
    return LabelStyle(
        font=current_app.config["LABEL_FONT"] or None,
        language=str(get_locale()),
        captions=LabelCaptions(
            sender=_("FROM"),
            recipient=_("TO"),
            phone=_("Phone:"),
            tracking_code=_("TRACKING CODE"),
        ),
        manifest=manifest_captions(),
        metadata=PdfMetadata(
            title=_("Parcel labels"),
            author=office.name if office else "",
            creator=APP_NAME,
            subject=_("Population document parcels"),
        ),
    )


def manifest_captions() -> ManifestCaptions:
    """The words of a handover manifest, in the user's language."""
    return ManifestCaptions(
        title=_("Population document parcel handover manifest"),
        number=_("No."),
        tracking_code=_("Tracking code"),
        village=_("Village"),
        district=_("District"),
        document_count=_("Number of documents"),
        parcel_count=_("Number of parcels"),
        batch=_("Batch number"),
        created=_("Created"),
        total_parcels=_("Total parcels"),
        total_documents=_("Total documents"),
        handed_over_by=_("Handed over by: office staff"),
        received_by=_("Received by: postal officer"),
        name=_("Name"),
        signature=_("Signature"),
        date=_("Date"),
        page=_("Page {page} of {pages}"),
        date_format=MANIFEST_TIME_FORMAT,
    )


def label_processes() -> int | None:
    """How many processes lay out a large batch (None: one per CPU core)."""
    return current_app.config["LABEL_PROCESSES"] or None


def render_labels(parcels: Sequence[Parcel], label_format: str) -> PrintFile:
    """Render the parcels' labels in round order, in one file (PNG: one image, or a ZIP)."""
    if label_format not in LABEL_FORMATS:
        raise DomainError(
            _("format must be one of: %(formats)s.", formats=", ".join(LABEL_FORMATS)),
            field="format",
        )
    if not parcels:
        raise DomainError(_("Select at least one parcel."), field="parcels")
    parcels = sorted(parcels, key=lambda parcel: (parcel.district, parcel.village, parcel.id))
    name = parcels[0].tracking_code if len(parcels) == 1 else f"labels-{len(parcels)}"
    labels = [label_data(parcel) for parcel in parcels]
    try:
        return render_in(label_format, labels, name, label_style(parcels[0].office))
    except InvalidLabelError as error:
        raise DomainError(str(error), field=error.field or "parcels") from error


def render_in(
    label_format: str, labels: list[LabelData], name: str, style: LabelStyle
) -> PrintFile:
    """Render the labels in one of LABEL_FORMATS, as a file named after `name`."""
    if label_format in ("pdf", "a4"):
        layout = "4x6" if label_format == "pdf" else "a4"
        pdf = render_pdf(labels, layout=layout, style=style, processes=label_processes())
        return PrintFile(pdf, "application/pdf", f"{name}.pdf")
    if label_format == "zpl":
        zpl = render_zpl(labels, style=style, processes=label_processes())
        return PrintFile(zpl.encode(), "application/zpl", f"{name}.zpl")
    if len(labels) == 1:
        return PrintFile(render_png(labels[0], style=style), "image/png", f"{name}.png")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as images:
        for label in labels:
            images.writestr(f"{label.tracking_code}.png", render_png(label, style=style))
    return PrintFile(archive.getvalue(), "application/zip", f"{name}.zip")


def render_manifest(batch: DispatchBatch) -> PrintFile:
    """The handover manifest of a dispatch batch, for the office and the postal officer: the
    parcels the carrier accepted, as the others are not handed over."""
    parcels = [shipment.parcel for shipment in accepted_shipments(batch)]
    if not parcels:
        raise Conflict(
            _("The postal service has accepted no parcel of this batch yet."), field="batch"
        )
    office = parcels[0].office
    rows = [
        ManifestRow(parcel.tracking_code, parcel.village, parcel.district, len(parcel.documents))
        for parcel in parcels
    ]
    manifest = Manifest(
        office_name=office.name,
        office_address_lines=office.return_address_lines,
        batch_reference=f"#{batch.id}"
        + (f" · {batch.pickup_reference}" if batch.pickup_reference else ""),
        created_at=batch.created_at,
        rows=rows,
    )
    pdf = render_manifest_pdf(manifest, style=label_style(office))
    return PrintFile(pdf, "application/pdf", f"manifest-{batch.id}.pdf")
