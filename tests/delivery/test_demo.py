"""The demo data loads once, passes intake's checks, and its sign-ins work."""

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.demo import DEMO_LOGINS, load_demo_data
from delivery.models import Document, DocumentStatus, Office
from tests.conftest import log_in


def test_demo_loads_once_with_working_sign_ins(app, client):
    assert load_demo_data() is True
    assert load_demo_data() is False
    office = db.session.scalar(sa.select(Office))
    assert office.regency == "Kabupaten Lampung Tengah"
    statuses = dict(
        db.session.execute(
            sa.select(Document.status, sa.func.count()).group_by(Document.status)
        ).all()
    )
    assert statuses[DocumentStatus.RECORDED] >= 24 and statuses[DocumentStatus.READY] >= 10
    password, _role, _name = DEMO_LOGINS["staf"]
    assert log_in(client, "staf", password).headers["Location"].endswith("/staff/")
