import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from delivery.api.openapi import openapi_document
from delivery.extensions import db
from delivery.models import ApiToken

ACCEPTED = ["2xx", "401", "403", "404", "409", "422", "429"]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 16,
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
        "generation": {"max-examples": 30, "database": "none", "allow-extra-parameters": False},
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {
                "include-path": "/api/v1/documents/import",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ],
    }
)


@pytest.fixture
def app_config(app_config, redis_url):
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def api_headers(app, staff_user, make_parcel, make_document):
    make_parcel()
    make_document()
    token, plain = ApiToken.issue(staff_user, "fuzzing")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api(case, live_server, api_headers):
    case.call_and_validate(base_url=live_server, headers=api_headers)
