"""The partial indexes of parcels name the same statuses as the lifecycle's sets they serve:
the polling round's parcels with the carrier, and the returns list's parcels coming back."""

import re

import pytest

from delivery.models.parcel import COMING_BACK_CONDITION, WITH_THE_CARRIER_CONDITION
from delivery.parcels.lifecycle import COMING_BACK, WITH_THE_CARRIER


@pytest.mark.parametrize(
    ("condition", "statuses"),
    [(WITH_THE_CARRIER_CONDITION, WITH_THE_CARRIER), (COMING_BACK_CONDITION, COMING_BACK)],
)
def test_an_index_condition_names_the_lifecycle_set_it_serves(condition, statuses):
    assert set(re.findall(r"'(\w+)'", condition)) == {status.value for status in statuses}
