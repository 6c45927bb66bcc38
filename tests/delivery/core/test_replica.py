"""Reads that may lag come from a real streaming replica, and from the primary while the
replica is down or too far behind; a read after a write in the same request stays on the
primary.

The module starts its own PostgreSQL primary and a standby cloned with `pg_basebackup -R`, in
a temporary folder and on free ports, and stops both at the end."""

import contextvars
import logging
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.core.replica import REPLICA_BIND
from delivery.models import ApiToken, Office, Role
from delivery.reports.periods import Month
from delivery.reports.queries import monthly_report
from tests.conftest import csrf_token, migrate_to_head, truncate_all
from tests.delivery.core.streaming_pair import CAN_RUN, StreamingPair, started_pair
from tests.delivery.resident.household import BUDI_BORN, household_parcel
from tests.factories import signed_in_client

pytestmark = pytest.mark.skipif(
    not CAN_RUN,
    reason="the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed",
)
MAY = Month(2026, 5)  # the household parcel's documents are recorded in May 2026
REPORT = f"/api/v1/reports/monthly?month={MAY}"


@pytest.fixture(scope="module")
def streaming_pair() -> Iterator[StreamingPair]:
    """A primary with the migrated schema and a standby streaming from it; both stopped after."""
    with started_pair() as pair:
        migrate_to_head(pair.primary.url())
        yield pair


@pytest.fixture
def pair(streaming_pair) -> StreamingPair:
    streaming_pair.restore()
    return streaming_pair


@pytest.fixture
def database_url(pair) -> Iterator[str]:
    """The app's database is the pair's primary, emptied after each test."""
    yield pair.primary.url()
    truncate_all(pair.primary.url())


@pytest.fixture
def app_config(app_config, pair) -> dict:
    """Reads that may lag go to the standby; it is looked at before every such read here."""
    return app_config | {
        "DATABASE_REPLICA_URL": pair.replica.url(),
        "REPLICA_CHECK_SECONDS": 0,
        "REPLICA_MAX_LAG_SECONDS": 3600,
    }


class Statements:
    """The statements each of the app's engines ran, the replica's own lag checks left out."""

    def __init__(self) -> None:
        self.on: dict[str, list[str]] = {"primary": [], "replica": []}

    def listen(self, engine: sa.Engine, name: str) -> None:
        def note(connection, cursor, statement, *rest) -> None:
            if "pg_is_in_recovery" not in statement:
                self.on[name].append(statement)

        sa.event.listen(engine, "before_cursor_execute", note)

    def clear(self) -> None:
        for seen in self.on.values():
            seen.clear()

    def lookups_on(self, name: str) -> int:
        """The lookup is the one statement that compares a holder's birth digits."""
        return sum("holder_nik" in statement for statement in self.on[name])


@pytest.fixture
def statements(app) -> Statements:
    seen = Statements()
    seen.listen(db.engines[None], "primary")
    seen.listen(db.engines[REPLICA_BIND], "replica")
    return seen


@pytest.fixture
def parcel(app, clock, make_parcel, make_document):
    return household_parcel(make_parcel, make_document, clock)


@pytest.fixture
def report_token(make_user) -> dict[str, str]:
    token, plain = ApiToken.issue(make_user(Role.STAFF), "reports")
    db.session.add(token)
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def supervisor_client(app, make_user):
    supervisor = make_user(Role.SUPERVISOR, password="supervisor-password-1")
    return signed_in_client(app, supervisor, "supervisor-password-1")


@pytest.fixture
def track(client):
    def post(code: str, born: date):
        form = {"code": code, "day": born.day, "month": born.month, "year": born.year}
        return client.post("/track", data=form | {"csrf_token": csrf_token(client, "/")})

    return post


def documents_in_report(client, token) -> int:
    answer = client.get(REPORT, headers=token)
    assert answer.status_code == 200
    return answer.json["total"]["documents_received"]


def test_the_lookup_the_report_and_the_dashboard_are_read_from_the_replica(
    pair, parcel, track, client, report_token, staff_client, supervisor_client, statements
):
    code = parcel.tracking_code
    pair.wait_for_replay()
    statements.clear()

    lookup = track(code, BUDI_BORN)

    assert lookup.status_code == 200
    assert code in lookup.get_data(as_text=True)
    assert "B*** S******" in lookup.get_data(as_text=True)
    assert (statements.lookups_on("replica"), statements.lookups_on("primary")) == (1, 0)
    statements.clear()
    assert documents_in_report(client, report_token) == 2  # Budi's and Sri's
    assert statements.on["replica"] != []
    statements.clear()
    assert staff_client.get("/staff/").status_code == 200
    assert statements.on["replica"] != []
    statements.clear()
    assert supervisor_client.get("/supervisor/").status_code == 200
    assert statements.on["replica"] != []


def test_a_paused_replica_serves_what_it_has_until_it_is_too_far_behind(
    app, pair, parcel, make_document, client, report_token, statements, caplog
):
    pair.wait_for_replay()
    pair.pause_replay()
    make_document(holder_name="Wati Lestari")  # recorded on the primary only, for now

    assert documents_in_report(client, report_token) == 2  # the replica has not replayed it

    app.config["REPLICA_MAX_LAG_SECONDS"] = 1
    pair.wait_until_behind(1)
    statements.clear()
    with caplog.at_level(logging.WARNING, logger="delivery.core.replica"):
        assert documents_in_report(client, report_token) == 3
    assert statements.on["replica"] == []
    assert "read replica skipped" in caplog.text and "behind" in caplog.text
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    assert health.json["checks"]["replica"]["status"] == "behind"
    assert health.json["checks"]["replica"]["reads_from"] == "primary"

    pair.restore()
    statements.clear()
    assert documents_in_report(client, report_token) == 3
    assert statements.on["replica"] != []


def test_with_the_replica_stopped_the_primary_answers(
    app, pair, parcel, track, client, report_token, statements, caplog
):
    code = parcel.tracking_code
    pair.wait_for_replay()
    assert track(code, BUDI_BORN).status_code == 200  # the replica answers, and is trusted
    app.config["REPLICA_CHECK_SECONDS"] = 3600  # so long that nobody looks at it again

    pair.replica.stop()
    statements.clear()
    with caplog.at_level(logging.WARNING, logger="delivery.core.replica"):
        lookup = track(code, BUDI_BORN)  # its pooled connection fails: read again
        assert documents_in_report(client, report_token) == 2

    assert lookup.status_code == 200 and "B*** S******" in lookup.get_data(as_text=True)
    assert statements.lookups_on("primary") == 1
    assert "read replica skipped" in caplog.text
    assert "a read there failed (OperationalError)" in caplog.text
    assert code not in caplog.text
    app.config["REPLICA_CHECK_SECONDS"] = 0
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.json["status"] == "ok"
    assert health.json["checks"]["replica"] == {
        "status": "down",
        "error": "OperationalError",
        "reads_from": "primary",
    }
    assert track(code, BUDI_BORN).status_code == 200


def in_a_request_of_its_own(app, work):
    """Run the work as a request does: in contexts (and so a session) of its own."""

    def run():
        with app.test_request_context("/"):
            return work()

    return contextvars.Context().run(run)


def test_a_read_after_a_write_in_the_same_request_stays_on_the_primary(
    app, pair, parcel, make_document, statements
):
    office_id = parcel.office_id
    pair.wait_for_replay()
    pair.pause_replay()
    statements.clear()

    def record_then_report():
        office = db.session.get(Office, office_id)
        make_document(office=office, holder_name="Wati Lestari")
        return monthly_report(office, MAY).office_total.documents_received

    def report_only():
        return monthly_report(
            db.session.get(Office, office_id), MAY
        ).office_total.documents_received

    assert in_a_request_of_its_own(app, record_then_report) == 3
    assert statements.on["replica"] == []
    assert in_a_request_of_its_own(app, report_only) == 2  # no write here: the paused replica
