"""The month of parcels of the report tests, for the supervisor's pages."""

import pytest

from tests.delivery.reports.month import MonthOfParcels, build_march


@pytest.fixture
def march(app, office, make_parcel, make_document, make_office, clock) -> MonthOfParcels:
    return build_march(office, make_parcel, make_document, make_office, clock)
