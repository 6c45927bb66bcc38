"""Scanning a label: the camera page, frames decoded on the server, and typed tracking codes."""

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from delivery.core.extensions import limiter
from delivery.doorstep.label_scan import decode_frame, find_scanned_parcel
from delivery.doorstep.queries import parcel_for_courier
from delivery.web.courier import blueprint


@blueprint.get("/scan")
def scan():
    return render_template("courier/scan.html")


@blueprint.post("/scan/frame")
@limiter.limit("300 per minute")
def scan_frame():
    upload = request.files.get("frame")
    texts = decode_frame(upload.read() if upload else b"")
    parcel = find_scanned_parcel(current_user._get_current_object(), texts)
    if parcel is None:
        message = _("This label is not for a parcel you can open.") if texts else None
        return jsonify(found=False, message=message)
    url = url_for("courier.doorstep", tracking_code=parcel.tracking_code)
    return jsonify(found=True, tracking_code=parcel.tracking_code, url=url)


@blueprint.get("/find")
def find():
    code = request.args.get("code", "").strip()
    parcel = parcel_for_courier(current_user._get_current_object(), tracking_code=code)
    if parcel is None:
        return render_template("courier/scan.html", code=code, not_found=True), 404
    return redirect(url_for("courier.doorstep", tracking_code=parcel.tracking_code))
