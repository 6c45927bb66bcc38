"""With Redis unreachable, rate-limited pages keep counting in memory and the job page says why
it cannot retry: a clear answer, never a 500."""

import pytest

from delivery.models import Role
from delivery.parcels.codes import new_tracking_code
from tests.conftest import csrf_token
from tests.delivery.processes import free_port
from tests.delivery.resident.household import BUDI_BORN
from tests.factories import PASSWORDS, signed_in_client


@pytest.fixture
def app_without_redis(request, app_config):
    """Rate limits on, counted in a Redis that is not there."""
    missing = f"redis://127.0.0.1:{free_port()}/0"
    app_config |= {"RATELIMIT_ENABLED": True, "REDIS_URL": missing}
    return request.getfixturevalue("app")


def test_sign_in_is_limited_in_memory_while_redis_is_down(app_without_redis, staff_user):
    client = app_without_redis.test_client()
    token = csrf_token(client)
    wrong = {"username": staff_user.username, "password": "wrong", "csrf_token": token}

    statuses = [client.post("/login", data=wrong).status_code for _ in range(10)]
    refused = client.post("/login", data=wrong)

    assert statuses == [401] * 10
    assert refused.status_code == 429


def test_a_resident_lookup_while_redis_is_down_gets_its_answer(app_without_redis):
    client = app_without_redis.test_client()
    body = {"code": new_tracking_code(), "birth_date": BUDI_BORN.isoformat()}

    answers = [client.post("/api/v1/track", json=body).status_code for _ in range(6)]

    assert answers == [404] * 5 + [429]


def test_retrying_a_job_while_redis_is_down_says_the_queue_is_unreachable(
    app_without_redis, make_user
):
    admin = make_user(Role.ADMIN, username="admin")
    client = signed_in_client(app_without_redis, admin, PASSWORDS[Role.ADMIN])
    token = csrf_token(client, "/staff/")

    response = client.post("/staff/jobs/outbox-1-1-lease-1/retry", data={"csrf_token": token})

    assert response.status_code == 503
    assert "antrean" in response.get_data(as_text=True).lower()
