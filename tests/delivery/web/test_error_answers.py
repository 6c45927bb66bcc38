"""Each actor's errors in the shape it reads: the API in JSON, the courier's phone queue in JSON,
every page as a page, with a message and the field at fault."""

import uuid

from delivery.models import ParcelStatus
from tests.conftest import csrf_token
from tests.delivery.dispatch.test_dispatch_pages import api_headers

PHONE = {"Accept": "application/json"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_failed_record_from_the_couriers_phone_queue_is_answered_in_json(courier_client):
    headers = PHONE | {"X-CSRFToken": csrf_token(courier_client, "/courier/")}
    response = courier_client.post("/courier/parcels/AN-ZZZZ-ZZZZ/delivered", headers=headers)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"] == "Tidak ada yang ditemukan di alamat ini."


def test_an_expired_form_from_the_couriers_phone_queue_names_the_token(courier_client):
    response = courier_client.post("/courier/parcels/AN-ZZZZ-ZZZZ/failed", headers=PHONE)
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.json["error"]["code"] == "csrf"
    assert response.json["error"]["field"] == "csrf_token"


def test_a_refused_record_from_the_phone_queue_names_the_field(
    courier_client, courier_user, make_parcel, clock
):
    parcel = make_parcel(status=ParcelStatus.OUT_FOR_DELIVERY, courier=courier_user)
    headers = PHONE | {"X-CSRFToken": csrf_token(courier_client, "/courier/")}
    response = courier_client.post(
        f"/courier/parcels/{parcel.tracking_code}/failed",
        data={
            "client_event_id": str(uuid.uuid4()),
            "occurred_at": clock.now.isoformat(),
            "reason": "lost_the_way",
        },
        headers=headers,
    )
    assert response.status_code == 422 and response.json["error"]["field"] == "reason"


def test_a_courier_page_that_fails_is_a_page(courier_client):
    response = courier_client.get("/courier/parcels/AN-ZZZZ-ZZZZ", headers=BROWSER)
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Tidak ada yang ditemukan di alamat ini." in page and "<html" in page


def test_a_staff_page_is_a_page_even_when_json_is_asked_for(staff_client):
    response = staff_client.get("/staff/parcels/AN-ZZZZ-ZZZZ", headers=PHONE)
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Tidak ada paket dengan kode AN-ZZZZ-ZZZZ di kantor ini." in page


def test_the_api_answers_json_naming_the_field_even_to_a_browser(client, staff_user):
    headers = api_headers(staff_user) | BROWSER
    response = client.get("/api/v1/documents/424242", headers=headers)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.json["error"] == {
        "code": "not_found",
        "message": "Tidak ada dokumen dengan id ini di kantor Anda.",
        "field": "document_id",
    }


def test_a_method_the_api_does_not_take_is_json_and_says_which_it_takes(client):
    response = client.delete("/api/v1/track", headers=BROWSER)
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]
