"""Every request the served OpenAPI description allows is handled, and answered as described.

Schemathesis generates requests for every operation, valid and invalid, and sends them with a
real staff token to the app on a loopback server, backed by PostgreSQL and Redis (so a dispatch
queues its jobs instead of calling a carrier). Its checks: no 5xx; every status, content type,
header and body as documented; invalid requests refused with a 4xx; valid ones accepted, where
422 stays allowed because rules such as "a NIK's digits 7 to 12 are a real date" are beyond
what the schema can say (and 400 for an uploaded file that is not CSV).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from delivery.api.openapi import openapi_document

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
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@pytest.fixture
def app_config(app_config, redis_url):
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def office_with_records(api_headers, make_parcel, make_document) -> dict[str, str]:
    """A staff token's headers, in an office with a parcel and a document to find."""
    make_parcel()
    make_document()
    return api_headers


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_described(case, live_server, office_with_records):
    case.call_and_validate(base_url=live_server, headers=office_with_records)
