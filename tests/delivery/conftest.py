"""Fixtures for the app's tests that several packages share."""

import pytest

from delivery.core.extensions import db
from delivery.models import ApiToken


@pytest.fixture
def api_headers(app, staff_user) -> dict[str, str]:
    """Authorization for a staff member's API token."""
    token, plain = ApiToken.issue(staff_user, "tests")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}
