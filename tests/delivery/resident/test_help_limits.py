"""Residents' changes are rate-limited per address, beside the one change of a kind a day."""

import pytest

from tests.conftest import csrf_token
from tests.delivery.resident.household import BUDI_BORN


@pytest.fixture
def app_config(app_config) -> dict:
    return app_config | {"RATELIMIT_ENABLED": True, "RESIDENT_CHANGE_LIMITS": "2 per hour"}


@pytest.mark.both_databases
def test_changes_are_rate_limited_per_address(client, track, parcel):
    def choose(kind: str, **form):
        token = csrf_token(client, "/")
        return client.post(f"/track/help/{kind}", data=form | {"csrf_token": token})

    track(parcel.tracking_code, BUDI_BORN)
    assert choose("directions", directions="depan masjid").status_code == 302
    assert choose("phone", phone="081234567890").status_code == 302
    assert choose("collection", place="office_counter").status_code == 429
