"""Too many lookups from one address, or for one code, get a clear 429 in the visitor's language."""

from datetime import date

import pytest

from delivery.parcels.codes import new_tracking_code
from tests.delivery.resident.household import BUDI_BORN, household_parcel

WRONG_BIRTH_DATE = date(2001, 1, 1)


@pytest.fixture
def limited_app(request, app_config):
    app_config["RATELIMIT_ENABLED"] = True
    return request.getfixturevalue("app")


@pytest.fixture
def parcel(limited_app, clock, make_parcel, make_document):
    return household_parcel(make_parcel, make_document, clock)


def from_address(address: str) -> dict:
    return {"REMOTE_ADDR": address}


def test_one_address_gets_ten_lookups_a_minute(limited_app, track, parcel):
    statuses = [track(new_tracking_code(), BUDI_BORN).status_code for _ in range(10)]
    assert statuses == [404] * 10
    refused = track(parcel.tracking_code, BUDI_BORN)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.get_data(as_text=True)
    assert track(parcel.tracking_code, BUDI_BORN, **from_address("10.0.0.2")).status_code == 200


def test_one_code_gets_five_lookups_whatever_the_address(limited_app, track, parcel):
    for number in range(5):
        answer = track(parcel.tracking_code, WRONG_BIRTH_DATE, **from_address(f"10.0.1.{number}"))
        assert answer.status_code == 404
    written_otherwise = parcel.tracking_code.lower().replace("-", "")
    refused = track(written_otherwise, BUDI_BORN, **from_address("10.0.2.1"))
    assert refused.status_code == 429
    assert track(new_tracking_code(), BUDI_BORN, **from_address("10.0.2.1")).status_code == 404


def test_a_parcels_code_and_references_share_one_budget(limited_app, track, parcel):
    references = [document.application_ref for document in parcel.documents]
    names = [parcel.tracking_code, *references, references[0].lower(), parcel.tracking_code]
    for number, name in enumerate(names):
        answer = track(name, WRONG_BIRTH_DATE, **from_address(f"10.0.3.{number}"))
        assert answer.status_code == 404
    refused = track(references[1], BUDI_BORN, **from_address("10.0.4.1"))
    assert refused.status_code == 429
    made_up = "LTG-2026-NOBODY"
    statuses = [track(made_up, BUDI_BORN, **from_address("10.0.4.2")).status_code for _ in range(6)]
    assert statuses == [404] * 5 + [429]


def test_page_and_api_share_the_budget_and_the_api_answers_json(limited_app, client, track, parcel):
    for _ in range(5):
        track(parcel.tracking_code, WRONG_BIRTH_DATE)
    body = {"code": parcel.tracking_code, "birth_date": BUDI_BORN.isoformat()}
    response = client.post("/api/v1/track", json=body, headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert response.json["error"]["message"] == (
        "Too many attempts. Please wait a moment and try again."
    )


def test_the_limit_page_speaks_the_visitors_language(limited_app, client, track):
    client.set_cookie("lang", "en")
    for _ in range(10):
        track(new_tracking_code(), BUDI_BORN)
    page = track(new_tracking_code(), BUDI_BORN).get_data(as_text=True)
    assert '<html lang="en">' in page and "Too many attempts" in page


def test_the_limits_are_settings(request, app_config):
    app_config |= {"RATELIMIT_ENABLED": True, "TRACKING_LIMITS_PER_ADDRESS": "2 per minute"}
    request.getfixturevalue("app")
    track = request.getfixturevalue("track")
    statuses = [track(new_tracking_code(), BUDI_BORN).status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
