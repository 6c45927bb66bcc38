"""Whatever code logs, a NIK or KK number never reaches the log line, the traceback, or what RQ
keeps about a failed job.

The database tests make PostgreSQL refuse one document (a CHECK constraint added for the test):
its error carries the NIK twice, in the statement's parameters and in PostgreSQL's own
"Failing row contains (...)". Gunicorn and the RQ worker run as the README starts them, and the
test reads what they wrote.
"""

import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from redis import Redis
from rq import Queue

from delivery.core.extensions import db
from delivery.core.jobs.queue import QUEUE_NAME, enqueue
from delivery.models import ApiToken
from tests.delivery.intake.rows import valid_row

NIK = "1802015705900074"
KK_NUMBER = "1802022706150001"
POPULATION_NUMBER = re.compile(r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)")
REFUSED_HOLDER = "Ditolak Basis Data"
BIN = Path(sys.executable).parent


def test_population_numbers_are_masked_in_any_logger(app, caplog):
    logging.getLogger("delivery.somewhere.deep").warning("holder %s refused", NIK)
    logging.getLogger("a.library").error(f"row with kk {NIK}1 and {NIK}")
    logging.getLogger("werkzeug").warning("typed as 1802 0157 0590 0074 or 1802-0157-0590-0074")
    assert "holder ################ refused" in caplog.text
    assert f"row with kk {NIK}1 and ################" in caplog.text  # 17 digits are no NIK
    assert "typed as ################ or ################" in caplog.text
    assert POPULATION_NUMBER.search(caplog.text) is None


def test_a_call_whose_arguments_do_not_fit_is_logged_masked_not_raised(app, caplog):
    logging.getLogger("delivery.intake").warning("holder %s of %s", NIK)
    assert "holder %s of %s ('################',)" in caplog.text
    assert POPULATION_NUMBER.search(caplog.text) is None


def test_tracebacks_and_stacks_are_masked_as_a_handler_prints_them(app):
    printed = io.StringIO()
    handler = logging.StreamHandler(printed)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("gunicorn.error")
    logger.addHandler(handler)
    try:
        try:
            try:
                raise KeyError(KK_NUMBER)
            except KeyError as cause:
                raise ValueError(f"holder_nik {NIK} is not valid") from cause
        except ValueError:
            logger.exception("Error handling request", stack_info=True)
    finally:
        logger.removeHandler(handler)
    text = printed.getvalue()
    assert "ERROR gunicorn.error: Error handling request\nTraceback" in text
    assert "KeyError: '################'" in text
    assert "ValueError: holder_nik ################ is not valid" in text
    assert "Stack (most recent call last)" in text
    assert POPULATION_NUMBER.search(text) is None


def test_production_database_errors_carry_no_parameters(app_config):
    from delivery import create_app

    production = app_config | {"MODE": "production", "CARRIER_WEBHOOK_SECRET": "from-the-carrier"}
    with create_app(production).app_context():
        assert all(engine.hide_parameters for engine in db.engines.values())
    with create_app(app_config).app_context():
        assert not db.engine.hide_parameters  # embedded and tests: the log mask alone


@pytest.fixture
def database_refuses_a_holder(app, database_url) -> Iterator[str]:
    """Make PostgreSQL refuse documents of one holder, as a constraint the app does not know."""
    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    db.session.remove()  # the test's transaction would hold the table the ALTER needs
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "ALTER TABLE document ADD CONSTRAINT refused_holder_for_test"
                f" CHECK (holder_name <> '{REFUSED_HOLDER}') NOT VALID"
            )
        )
    yield REFUSED_HOLDER
    db.session.remove()
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE document DROP CONSTRAINT refused_holder_for_test"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start: exit code {process.poll()}")


def api_token(user) -> str:
    token, plain = ApiToken.issue(user, "log test")
    db.session.add(token)
    db.session.commit()
    return plain


def test_gunicorn_logs_a_database_error_during_intake_without_the_nik(
    app, database_url, database_refuses_a_holder, staff_user, tmp_path
):
    port = free_port()
    log_file = tmp_path / "gunicorn.log"
    environment = os.environ | {
        "ANTAR_MODE": "production",
        "ANTAR_SECRET_KEY": "a-long-random-production-secret",
        "ANTAR_CARRIER_WEBHOOK_SECRET": "shared-with-the-carrier",
        "ANTAR_DATABASE_URL": database_url,
    }
    command = [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", "-", "--error-logfile", "-", "wsgi:app"]
    with log_file.open("w") as output:
        server = subprocess.Popen(command, env=environment, stdout=output, stderr=output)
    try:
        wait_for_port(port, server)
        base = f"http://127.0.0.1:{port}/api/v1"
        document = valid_row(holder_nik=NIK, kk_number=KK_NUMBER, holder_name=REFUSED_HOLDER)
        headers = {"Authorization": f"Bearer {api_token(staff_user)}"}
        refused = requests.post(f"{base}/documents", json=document, headers=headers, timeout=30)
        looked_up = requests.get(f"{base}/no-such-page?nik={NIK}", timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log_file.read_text()

    assert (refused.status_code, looked_up.status_code) == (500, 404)
    assert "Exception on /api/v1/documents [POST]" in written
    assert "violates check constraint" in written and "Failing row contains" in written
    assert "[SQL parameters hidden due to hide_parameters=True]" in written
    assert '"GET /api/v1/no-such-page?nik=################ HTTP/1.1" 404' in written
    assert POPULATION_NUMBER.search(written) is None


def record_refused_document(office_id: int) -> None:
    """A job that stores a document the database refuses (run by the worker below)."""
    from delivery.models import Document, DocumentType

    values = valid_row(holder_nik=NIK, kk_number=KK_NUMBER, holder_name=REFUSED_HOLDER)
    values["document_type"] = DocumentType.KTP_EL
    db.session.add(Document(office_id=office_id, **values))
    db.session.commit()


def refuse_holder(office_id: int) -> None:
    """A job whose exception text names a NIK."""
    raise ValueError(f"holder {NIK} of office {office_id} is not in this office")


def run_app_worker(app, output: Path) -> None:
    """Run the README's worker once (`rq worker --worker-class …worker.AppWorker`)."""
    environment = os.environ | {
        "ANTAR_DATABASE_URL": app.config["DATABASE_URL"],
        "ANTAR_REDIS_URL": app.config["REDIS_URL"],
    }
    command = [
        str(BIN / "rq"),
        "worker",
        "--burst",
        "--worker-class",
        "delivery.core.jobs.worker.AppWorker",
    ]
    command += ["--url", app.config["REDIS_URL"], QUEUE_NAME]
    with output.open("w") as written:
        subprocess.run(command, env=environment, stdout=written, stderr=written, timeout=120)


def test_a_failed_job_leaves_no_nik_in_the_worker_log_redis_or_the_admin_page(
    app, office, database_refuses_a_holder, redis_url, admin_client, tmp_path
):
    app.config["REDIS_URL"] = redis_url
    for job in ("record_refused_document", "refuse_holder"):
        enqueue(f"{__name__}.{job}", office.id, job_id=job, retry_intervals=[0])
    worker_log = tmp_path / "worker.log"
    run_app_worker(app, worker_log)

    queue = Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))
    assert set(queue.failed_job_registry.get_job_ids()) == {
        "record_refused_document",
        "refuse_holder",
    }
    stored = "".join(
        queue.fetch_job(job_id).latest_result().exc_string
        for job_id in queue.failed_job_registry.get_job_ids()
    )
    written = worker_log.read_text()
    for text in (stored, written):
        assert "violates check constraint" in text and "Failing row contains" in text
        assert "'holder_nik': '################'" in text  # embedded mode: parameters shown
        assert "ValueError: holder ################ of office" in text
        assert POPULATION_NUMBER.search(text) is None
    admin_page = admin_client.get("/staff/").get_data(as_text=True)
    assert "ValueError: holder ################ of office" in admin_page
    assert POPULATION_NUMBER.search(admin_page) is None
