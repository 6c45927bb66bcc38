"""The sandbox carrier and jobs on the real Redis, as the dispatch tests have them."""

from tests.delivery.dispatch.conftest import (  # noqa: F401
    admin,
    app_config,
    make_ready_parcels,
    sandbox,
    settle,
    webhooks_to_app,
)
