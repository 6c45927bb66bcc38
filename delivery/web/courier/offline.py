"""What the phone keeps for working without signal: the service worker, the round, a token."""

from flask import current_app, jsonify, render_template, send_from_directory, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from delivery.rounds.queries import parcels_on_round
from delivery.web.caching import NOT_STORED, PRIVATE_REVALIDATED
from delivery.web.courier import blueprint

SERVICE_WORKER = "courier/service-worker.js"


@blueprint.get("/sw.js")
def service_worker():
    """Serve the service worker from /courier/ with the whole site as its scope (for /p/)."""
    response = send_from_directory(current_app.static_folder, SERVICE_WORKER, max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/round.json")
def round_json():
    """The round's parcels and the pages the phone keeps for them."""
    parcels = [
        {
            "tracking_code": parcel.tracking_code,
            "url": url_for("courier.doorstep", tracking_code=parcel.tracking_code),
            "label_path": url_for("public.label_link", token=parcel.qr_token),
        }
        for parcel in parcels_on_round(current_user.id)
    ]
    return jsonify(parcels=parcels), 200, PRIVATE_REVALIDATED


@blueprint.get("/token")
def fresh_token():
    """A CSRF token for sending the records saved on the phone."""
    return jsonify(csrf_token=generate_csrf()), 200, NOT_STORED


@blueprint.get("/offline")
def offline():
    return render_template("courier/offline.html")
