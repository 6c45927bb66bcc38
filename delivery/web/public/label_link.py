"""The URL in a label's QR code: a signed-in courier reaches the doorstep; others learn nothing."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from delivery.doorstep.queries import parcel_for_courier
from delivery.models import Role
from delivery.web.caching import NOT_STORED
from delivery.web.public import blueprint


@blueprint.get("/p/<token>")
def label_link(token: str):
    if current_user.is_authenticated and current_user.role == Role.COURIER:
        parcel = parcel_for_courier(current_user._get_current_object(), qr_token=token)
        if parcel is not None:
            url = url_for("courier.doorstep", tracking_code=parcel.tracking_code)
            return redirect(url), 302, NOT_STORED
    return render_template("public/label_link.html"), 200, NOT_STORED
