"""Every request the served OpenAPI description allows is handled, and answered as described.

Schemathesis generates requests for every operation, valid and invalid, and sends them with a
real staff token to the app on a loopback server, backed by PostgreSQL and Redis (so a dispatch
queues its jobs instead of calling a carrier). Its checks: no 5xx; every status, content type,
header and body as documented; invalid requests refused with a 4xx; valid ones accepted, where
422 stays allowed because rules such as "a NIK's digits 7 to 12 are a real date" are beyond
what the schema can say (and 400 for an uploaded file that is not CSV).
"""

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from delivery.demo import make_nik
from delivery.dispatch.operations import dispatch_parcels
from delivery.web.api.openapi import openapi_document

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
def office_with_records(app, office, api_headers, make_parcel, make_document) -> dict[str, str]:
    """A staff token's headers, in an office holding what the description's examples name, so
    that the examples reach the answers of success: document 1, the parcel AN-7K3M-Q9PX of a
    holder born on 1990-08-17, and dispatch batch 1."""
    make_document()
    holder = make_document(holder_nik=make_nik("02", date(1990, 8, 17), False, 1))
    make_parcel([holder], tracking_code="AN-7K3M-Q9PX")
    dispatch_parcels(office, [make_parcel()], None)
    return api_headers


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_answers_as_described(case, live_server, office_with_records):
    case.call_and_validate(base_url=live_server, headers=office_with_records)
