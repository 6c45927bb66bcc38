"""The privacy tests' parcels, for the admin's privacy pages."""

from tests.delivery.privacy.conftest import app_config, ended_parcel  # noqa: F401
