"""The sandbox is tested through the postal client, with the same fixtures as the client."""

from tests.postal_client.conftest import (  # noqa: F401  (fixtures for the tests here)
    admin,
    bearer_headers,
    client,
    make_admin,
    make_client,
    make_request,
    receiver,
    sandbox,
    sleeps,
)
