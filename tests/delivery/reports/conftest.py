"""The month of parcels of month.py, for the report tests."""

import pytest

from tests.delivery.reports.month import MonthOfParcels, build_march


@pytest.fixture
def app_config(app_config, redis_url):
    """Residents' messages wait in Redis: no job writes while a test's tables are emptied."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def march(app, office, make_parcel, make_document, make_office, clock) -> MonthOfParcels:
    return build_march(office, make_parcel, make_document, make_office, clock)
