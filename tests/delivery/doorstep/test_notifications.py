"""Residents get a message when the parcel goes out (with the code), after a failed attempt, and
when it is back at the office, whatever reported the change; through the log or a gateway."""

import json
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from delivery.core.extensions import db
from delivery.core.jobs import outbox
from delivery.models import EventSource, OutboxEntry, OutboxState, ParcelStatus
from delivery.notifications import tasks
from delivery.notifications.gateways import NotifierError
from delivery.parcels.events import Report, record_event, timeline
from delivery.returns.operations import receive_back
from tests.delivery.doorstep.conftest import BUDI_NIK, SRI_NIK
from tests.delivery.processes import free_port

S = ParcelStatus
PHONE = "+6281234567890"


@pytest.fixture
def messages(caplog):
    """The messages the log backend wrote."""
    caplog.set_level(logging.INFO, logger="delivery.notifications.gateways")
    return lambda: [
        r.getMessage() for r in caplog.records if r.name == "delivery.notifications.gateways"
    ]


class Gateway(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (the name http.server calls)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((self.headers["Authorization"], body))
        self.send_response(self.server.answer_status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(app):
    """A tiny SMS gateway on loopback that remembers what it was sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    server.received, server.answer_status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        NOTIFIER_BACKEND="http",
        NOTIFIER_HTTP_URL=f"http://127.0.0.1:{server.server_port}/send",
        NOTIFIER_HTTP_TEMPLATE='{"to": "{phone}", "text": "{message}", "channel": "sms"}',
        NOTIFIER_HTTP_TOKEN="gateway-token",
    )
    yield server
    server.shutdown()
    server.server_close()


def carrier_reports(parcel, status, clock, key, reason=None):
    record_event(
        parcel,
        Report(status, clock.now, EventSource.CARRIER_WEBHOOK, f"carrier:{key}", reason=reason),
    )
    db.session.commit()


def test_the_out_for_delivery_message_carries_a_code_that_verifies(
    phone, household_parcel, run_jobs, messages
):
    parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
    assert phone.take(parcel).status_code == 201
    run_jobs()
    [message] = messages()
    assert message.startswith("message to +*********7890: Antar: dokumen Anda")
    assert f"({parcel.tracking_code})" in message and "diantar hari ini" in message
    assert PHONE not in message and BUDI_NIK not in message and SRI_NIK not in message
    code = re.search(r"kode ini kepada kurir: (\d{6})\.", message).group(1)
    assert phone.deliver(parcel, code).status_code == 201


def test_a_carrier_report_also_sends_the_message(household_parcel, clock, run_jobs, messages):
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-2010")
    run_jobs()
    [message] = messages()
    assert re.search(r"Berikan kode ini kepada kurir: \d{6}\.", message)
    assert parcel.one_time_code_hash


def test_the_nik_rule_asks_for_digits_and_sends_no_code(
    household_parcel, office, clock, run_jobs, messages
):
    office.verification_method = "nik_last_digits"
    db.session.commit()
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-nik")
    run_jobs()
    [message] = messages()
    assert "4 angka terakhir NIK" in message and not re.search(r"\d{6}", message)
    assert parcel.one_time_code_hash is None


def test_a_failed_attempt_is_posted_to_the_gateway(phone, household_parcel, run_jobs, gateway):
    parcel = household_parcel()
    assert phone.fail(parcel, reason="not_at_home").status_code == 201
    run_jobs()
    [(authorization, body)] = gateway.received
    assert authorization == "Bearer gateway-token"
    assert body["to"] == PHONE and body["channel"] == "sms"
    assert body["text"].startswith(f"Antar: dokumen Anda ({parcel.tracking_code}) tidak dapat")
    assert "Kurir akan mencoba lagi (percobaan gagal: 1 dari 3)." in body["text"]


def test_a_refusal_says_the_documents_go_back(phone, household_parcel, run_jobs, messages):
    parcel = household_parcel()
    phone.fail(parcel, reason="refused")
    run_jobs()
    [message] = messages()
    assert "Dokumen dikembalikan ke Disdukcapil Kabupaten Lampung Tengah." in message


def test_the_return_to_the_office_is_announced_with_a_date(
    household_parcel, staff_user, run_jobs, messages
):
    parcel = household_parcel(status=S.RETURNING, courier=None)
    receive_back(parcel, staff_user)
    run_jobs()
    [message] = messages()
    assert "sudah kembali di Disdukcapil Kabupaten Lampung Tengah, Jl. Raden Intan No. 1" in message
    assert re.search(r"Ambil paling lambat \d{1,2} \w+ \d{4} dan bawa kartu identitas\.", message)


def test_each_message_is_sent_once(household_parcel, clock, run_jobs, messages):
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-once")
    run_jobs()
    [event] = [e for e in timeline(parcel) if e.status == S.OUT_FOR_DELIVERY]
    tasks.send_resident_messages([[event.id, None]])
    assert len(messages()) == 1


def test_a_change_that_is_rolled_back_sends_nothing(household_parcel, clock, queued_jobs):
    parcel = household_parcel(status=S.IN_TRANSIT)
    record_event(
        parcel, Report(S.OUT_FOR_DELIVERY, clock.now, EventSource.CARRIER_WEBHOOK, "carrier:x")
    )
    db.session.rollback()
    db.session.commit()
    assert queued_jobs() == []


def test_no_code_goes_out_once_the_parcel_is_delivered(household_parcel, clock, run_jobs, messages):
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-out")
    clock.advance(minutes=5)
    carrier_reports(parcel, S.DELIVERED, clock, "evt-delivered")
    run_jobs()
    assert messages() == []


def test_a_gateway_failure_fails_the_job_for_a_retry(household_parcel, clock, gateway, queued_jobs):
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-down")
    gateway.answer_status = 503
    [[function, work]] = queued_jobs()
    assert function == "delivery.notifications.tasks.send_resident_messages"
    with pytest.raises(NotifierError, match="503"):
        tasks.send_resident_messages(work)
    gateway.answer_status = 200
    db.session.rollback()
    tasks.send_resident_messages(work)
    assert len(gateway.received) == 2
    entry = db.session.get(OutboxEntry, work[0][1])
    assert entry.state == OutboxState.DONE


def test_a_message_whose_hand_over_was_lost_is_sent_by_the_periodic_drain(
    app, household_parcel, clock, redis_url, run_jobs, messages
):
    from redis import Redis

    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-lost-hand-over")
    Redis.from_url(redis_url).flushdb()  # the queue never got the job (say, a crash)
    run_jobs()
    assert messages() == []
    clock.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
    assert outbox.drain() == 1
    run_jobs()
    assert len(messages()) == 1


def test_a_change_committed_while_redis_is_down_stands_and_its_message_goes_later(
    app, household_parcel, clock, redis_url, run_jobs, messages
):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    parcel = household_parcel(status=S.IN_TRANSIT)
    carrier_reports(parcel, S.OUT_FOR_DELIVERY, clock, "evt-redis-down")  # the commit raises not
    db.session.expire_all()
    assert parcel.status == S.OUT_FOR_DELIVERY

    app.config["REDIS_URL"] = redis_url
    clock.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
    assert outbox.drain() == 1
    run_jobs()
    assert len(messages()) == 1
