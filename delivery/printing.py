"""Labels and handover manifests for the office's parcels, in the formats printers take."""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response, current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from delivery.dispatch import accepted_shipments
from delivery.errors import Conflict, DomainError
from delivery.models import DispatchBatch, Parcel
from labels import (
    InvalidLabelError,
    LabelData,
    Manifest,
    ManifestRow,
    render_manifest_pdf,
    render_pdf,
    render_png,
    render_zpl,
)

FORMATS = ("pdf", "a4", "png", "zpl")


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
        ),
    )


def render_labels(parcels: Sequence[Parcel], label_format: str) -> PrintFile:
    """Render the parcels' labels in round order, in one file (PNG: one image, or a ZIP)."""
    if label_format not in FORMATS:
        raise DomainError(
            _("format must be one of: %(formats)s.", formats=", ".join(FORMATS)), field="format"
        )
    if not parcels:
        raise DomainError(_("Select at least one parcel."), field="parcels")
    parcels = sorted(parcels, key=lambda parcel: (parcel.district, parcel.village, parcel.id))
    name = parcels[0].tracking_code if len(parcels) == 1 else f"labels-{len(parcels)}"
    try:
        return render_in(label_format, [label_data(parcel) for parcel in parcels], name)
    except InvalidLabelError as error:
        raise DomainError(str(error), field=error.field or "parcels") from error


def render_in(label_format: str, labels: list[LabelData], name: str) -> PrintFile:
    if label_format in ("pdf", "a4"):
        layout = "4x6" if label_format == "pdf" else "a4"
        return PrintFile(render_pdf(labels, layout=layout), "application/pdf", f"{name}.pdf")
    if label_format == "zpl":
        return PrintFile(render_zpl(labels).encode(), "application/zpl", f"{name}.zpl")
    if len(labels) == 1:
        return PrintFile(render_png(labels[0]), "image/png", f"{name}.png")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as images:
        for label in labels:
            images.writestr(f"{label.tracking_code}.png", render_png(label))
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
    return PrintFile(render_manifest_pdf(manifest), "application/pdf", f"manifest-{batch.id}.pdf")
