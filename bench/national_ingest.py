"""A national day's carrier events, ingested and measured: webhooks, and polling.

    .venv/bin/python bench/national_ingest.py ingest --database postgresql://…/bench_x \
        --redis redis://127.0.0.1:6379/9 [--parcels 100000] [--workers 1 2 3] [--web-workers 2] \
        [--senders 6] [--fresh]
    .venv/bin/python bench/national_ingest.py polling --database … --redis … [--parcels 10000] \
        [--workers 2 (pollers at once)] [--fresh]

`--fresh` drops the database first (a database of its own, then: it is rebuilt from the
migrations), so that no work a run left (residents' messages not sent yet) weighs on the next.

`run_ingest` adds a day of dispatched parcels with submitted shipments to the database (set
based; an empty database is migrated and given an office first, one holding a national year
gets the day spread over some of its offices), serves the app with gunicorn, starts RQ workers
on the real Redis, and posts signed carrier webhooks for about five events per parcel in
lifecycle order from several concurrent senders, a hundred events per call. It samples the
queue's depth (RQ's queue, the outbox's pending work, the inbox's unapplied events) while it
waits for every event to be applied, then checks exactly-once: each event is in the inbox once,
each produced one tracking event, each parcel ends in the status its last event says.

`run_polling` builds the same day for a carrier that only answers polling: the parcels'
shipments are created at the sandbox carrier (a real HTTP server), their stories played, and
one polling round over all of them runs through the app's own polling task, the carrier's
rules kept: a hundred tracking numbers per call, as postal_client asks, and the sandbox set to
answer every 25th call with 429 and Retry-After: 1 s, which the client waits out. The round's
rate is extrapolated to a day's open parcels (100,000 unless told).

The events' own resident messages (out for delivery, a failed attempt, returned) are queued as
they are applied and sent by the same workers; the run ends when every event is applied, and
the messages still waiting then are part of the queue depth printed.

bench/bench_national.py calls both; the Redis database is flushed.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from queue import Queue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402
from redis import Redis  # noqa: E402

from postal_client import signature_headers  # noqa: E402

WEBHOOK_SECRET = "national-ingest-webhook-secret"
EVENTS_PER_CALL = 100
SENDERS = 6
OFFICES_FOR_THE_DAY = 5
SAMPLE_SECONDS = 2.0
APPLY_TIMEOUT_SECONDS = 3600
# (carrier code, description, location) steps of each story, chosen by parcel number % 20
DELIVERED = [1010, 1040, 1050, 2010, 3010]
NOT_AT_HOME_THEN_DELIVERED = [1010, 2010, 4010, 2020, 3020]
REFUSED_RETURNED = [1010, 2010, 4030, 5020, 5090]
STILL_TRYING = [1010, 1030, 1050, 2010, 4010]
STORIES = (
    [DELIVERED] * 14 + [NOT_AT_HOME_THEN_DELIVERED] * 3 + [REFUSED_RETURNED] + [STILL_TRYING] * 2
)
FINAL_STATUS_OF_CODE = {
    3010: "delivered",
    3020: "delivered",
    5090: "returned",
    4010: "attempt_failed",
}
DESCRIPTIONS = {
    1010: "picked up",
    1030: "arrived at mail processing centre",
    1040: "departed mail processing centre",
    1050: "arrived at delivery office",
    2010: "out for delivery",
    2020: "out for re-delivery",
    3010: "delivered to addressee",
    3020: "delivered to household member",
    4010: "failed: addressee not at home",
    4030: "failed: refused by addressee",
    5020: "returning: refused",
    5090: "returned to sender",
}


@dataclass
class IngestResult:
    parcels: int
    events: int
    seconds: float
    workers: int
    web_workers: int
    all_applied: bool
    depth_samples: list[tuple[float, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    load: str = ""
    web_cpu_seconds: float = 0.0
    workers_cpu_seconds: float = 0.0

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass
class PollingResult:
    parcels: int
    round_seconds: float
    calls: int
    events_applied: int
    day_open_parcels: int
    load: str = ""

    @property
    def parcels_per_second(self) -> float:
        return self.parcels / self.round_seconds if self.round_seconds else 0.0

    @property
    def day_round_seconds(self) -> float:
        """The round over a day's open parcels, at the rate measured."""
        return self.day_open_parcels / self.parcels_per_second if self.parcels else 0.0


@dataclass(frozen=True)
class Day:
    """A day of dispatched parcels added for one run, told apart from others by its tag."""

    tag: str
    first_parcel_id: int
    last_parcel_id: int
    parcels: int
    started_at: datetime  # the day's first event


# ---- the day's parcels, set based ---------------------------------------------------------


def app_settings(database_url: str, redis_url: str, **extra) -> dict:
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CARRIER_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "SECRET_KEY": "national-ingest",
        "RATELIMIT_ENABLED": False,
    } | extra


def migrated_with_an_office(database_url: str) -> None:
    """Migrate an empty database and give it the demo office; leave a populated one as it is."""
    from flask_migrate import upgrade

    from delivery import create_app
    from delivery.core.extensions import db
    from delivery.demo import demo_office
    from delivery.models import Office

    server_url, _sep, name = database_url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        upgrade()
        if db.session.scalar(db.select(Office.id).limit(1)) is None:
            db.session.add(demo_office())
            db.session.commit()
        db.engine.dispose()


def drop_database(database_url: str) -> None:
    server_url, _sep, name = database_url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def add_dispatched_day(
    database_url: str,
    parcels: int,
    tag: str | None = None,
    carrier_shipments: list[tuple[str, str]] | None = None,
) -> Day:
    """Add `parcels` parcels dispatched yesterday evening, each with a submitted shipment, over
    a few of the database's offices, in two INSERT … SELECT statements. The shipments' carrier
    ids and tracking numbers are made up, or the given (id, number) pairs of the carrier's."""
    migrated_with_an_office(database_url)
    tag = tag or secrets.token_hex(3)
    carrier_ids, numbers = zip(*carrier_shipments, strict=True) if carrier_shipments else ((), ())
    started_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=20)
    submitted_at = started_at - timedelta(hours=2)
    with psycopg.connect(database_url) as connection:
        connection.execute("SET timezone = 'UTC'")
        offices = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM office ORDER BY id LIMIT %s", (OFFICES_FOR_THE_DAY,)
            )
        ]
        connection.execute(
            """
            INSERT INTO parcel (office_id, tracking_code, qr_token, status, status_changed_at,
                household_key, recipient_name, recipient_phone, street, rt, rw, village,
                district, regency, province, postal_code, failed_attempts,
                verification_failures, created_at)
            SELECT (%(offices)s::int[])[1 + n %% cardinality(%(offices)s::int[])],
                'N' || %(tag)s || lpad(n::text, 8, '0'),
                'national-' || %(tag)s || '-' || n,
                'submitted', %(submitted_at)s,
                'nat-' || %(tag)s || '-' || n,
                'Warga ' || n, '0812' || lpad((n %% 100000000)::text, 8, '0'),
                'Jl. Merdeka No. ' || (n %% 500 + 1), '001', '002', 'Gunung Sugih',
                'Gunung Sugih', 'Kabupaten Lampung Tengah', 'Lampung', '34165', 0, 0,
                %(submitted_at)s - interval '1 day'
            FROM generate_series(1, %(parcels)s) AS n
            ORDER BY n
            """,
            {"offices": offices, "tag": tag, "parcels": parcels, "submitted_at": submitted_at},
        )
        first, last = connection.execute(
            "SELECT min(id), max(id) FROM parcel WHERE tracking_code LIKE %s",
            (f"N{tag}%",),
        ).fetchone()
        columns = {
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'shipment'"
            )
        }
        with_office = "office_id" in columns  # where shipments carry their office
        connection.execute(
            f"""
            INSERT INTO shipment (parcel_id, idempotency_key, state, carrier_shipment_id,
                carrier_tracking_number, submission_attempts, created_at, submitted_at
                {", office_id" if with_office else ""})
            SELECT p.id, 'antar-national-' || %(tag)s || '-' || p.id, 'submitted',
                coalesce(c.carrier_id, 'shp-' || %(tag)s || '-' || p.id),
                coalesce(c.number, 'RR' || %(tag)s || p.id || 'ID'), 1,
                %(submitted_at)s, %(submitted_at)s {", p.office_id" if with_office else ""}
            FROM parcel p
            LEFT JOIN unnest(%(carrier_ids)s::text[], %(numbers)s::text[])
                WITH ORDINALITY AS c(carrier_id, number, n)
                ON p.tracking_code = 'N' || %(tag)s || lpad(c.n::text, 8, '0')
            WHERE p.id BETWEEN %(first)s AND %(last)s ORDER BY p.id
            """,
            {
                "tag": tag,
                "first": first,
                "last": last,
                "submitted_at": submitted_at,
                "carrier_ids": list(carrier_ids),
                "numbers": list(numbers),
            },
        )
        connection.execute("ANALYZE parcel")
        connection.execute("ANALYZE shipment")
    return Day(tag, first, last, last - first + 1, started_at)


def story_of(parcel_id: int) -> list[int]:
    return STORIES[parcel_id % len(STORIES)]


def carrier_event(day: Day, parcel_id: int, step: int) -> dict:
    """The carrier's JSON for one step of a parcel's story (events dated in the day's order)."""
    code = story_of(parcel_id)[step]
    moment = day.started_at + timedelta(hours=3 * step, seconds=parcel_id % 7200)
    return {
        "event_id": f"evt-{day.tag}-{parcel_id}-{step}",
        "shipment_id": f"shp-{day.tag}-{parcel_id}",
        "tracking_number": f"RR{day.tag}{parcel_id}ID",
        "reference": f"N{day.tag}",
        "code": code,
        "description": DESCRIPTIONS[code],
        "location": "Gunung Sugih, Lampung Tengah",
        "occurred_at": moment.isoformat(),
    }


def webhook_bodies(day: Day) -> Iterator[bytes]:
    """The day's events, in lifecycle order (every parcel's first step, then the second…),
    a hundred to a webhook call."""
    parcel_ids = range(day.first_parcel_id, day.last_parcel_id + 1)
    for step in range(len(DELIVERED)):
        for start in range(0, len(parcel_ids), EVENTS_PER_CALL):
            events = [
                carrier_event(day, parcel_id, step)
                for parcel_id in parcel_ids[start : start + EVENTS_PER_CALL]
            ]
            yield json.dumps({"type": "tracking.events", "events": events}).encode()


# ---- the app's processes ------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(database_url: str, redis_url: str, **extra) -> dict:
    settings = app_settings(database_url, redis_url, **extra)
    return os.environ | {
        f"ANTAR_{key}": json.dumps(value) if not isinstance(value, str) else value
        for key, value in settings.items()
    }


@dataclass
class RunningApp:
    web: subprocess.Popen
    workers: list[subprocess.Popen]
    url: str

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds used so far by the web processes and by the workers (with children)."""
        return (
            sum(cpu_seconds(pid) for pid in family(self.web.pid)),
            sum(cpu_seconds(pid) for worker in self.workers for pid in family(worker.pid)),
        )

    def stop(self) -> None:
        for process in [self.web, *self.workers]:
            process.terminate()
        for process in [self.web, *self.workers]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def family(pid: int) -> list[int]:
    """The process and its children (gunicorn's workers, an RQ worker's job horse)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return [pid, *children]


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_app(env: dict, workers: int, web_workers: int, log_dir: Path) -> RunningApp:
    """gunicorn on a free loopback port, and `workers` RQ workers on the app's queue."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(web_workers)]
        + ["--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=open(log_dir / "gunicorn.log", "w"),  # noqa: SIM115  (the process keeps it)
        stderr=subprocess.STDOUT,
    )
    rq = str(Path(sys.executable).with_name("rq"))
    worker_processes = [
        subprocess.Popen(
            [rq, "worker", "--worker-class", "delivery.core.jobs.worker.AppWorker"]
            + (["--with-scheduler"] if number == 0 else [])
            + ["--url", env["ANTAR_REDIS_URL"], "--logging_level", "WARNING", "antar"],
            cwd=ROOT,
            env=env,
            stdout=open(log_dir / f"worker-{number}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for number in range(workers)
    ]
    running = RunningApp(web, worker_processes, f"http://127.0.0.1:{port}")
    try:
        wait_until_answering(running.url)
    except BaseException:
        running.stop()
        raise
    time.sleep(3)  # the workers build their app too
    return running


def wait_until_answering(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(f"{url}/api/v1/health", timeout=10)
            return
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


# ---- sending and watching -----------------------------------------------------------------


class Senders:
    """Several threads posting signed webhooks, each with its own session, taking the next
    body from one queue in order; a refused call is retried, as the carrier does."""

    def __init__(self, url: str, bodies: Iterator[bytes], count: int = SENDERS) -> None:
        self.url = f"{url}/api/v1/carrier/webhook"
        self.bodies: Queue[bytes | None] = Queue(maxsize=count * 4)
        self.accepted = 0
        self.calls = 0
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.feeder = threading.Thread(target=self.feed, args=(bodies, count), daemon=True)
        self.threads = [threading.Thread(target=self.send, daemon=True) for _ in range(count)]

    def start(self) -> "Senders":
        self.feeder.start()
        for thread in self.threads:
            thread.start()
        return self

    def join(self) -> None:
        for thread in self.threads:
            thread.join()

    def feed(self, bodies: Iterator[bytes], count: int) -> None:
        for body in bodies:
            self.bodies.put(body)
        for _ in range(count):
            self.bodies.put(None)

    def send(self) -> None:
        session = requests.Session()
        while (body := self.bodies.get()) is not None:
            for attempt in range(10):
                headers = signature_headers(body, WEBHOOK_SECRET, int(time.time()))
                headers["Content-Type"] = "application/json"
                try:
                    answer = session.post(self.url, data=body, headers=headers, timeout=60)
                except requests.RequestException as error:
                    answer, problem = None, str(error)
                else:
                    problem = f"{answer.status_code} {answer.text[:200]}"
                if answer is not None and answer.status_code in (200, 202):
                    with self.lock:
                        self.calls += 1
                        self.accepted += answer.json().get("events", 0)
                    break
                time.sleep(0.5 * (attempt + 1))
            else:
                with self.lock:
                    self.failures.append(problem)


def queue_depth(connection: psycopg.Connection, redis: Redis) -> tuple[int, int, int]:
    """RQ's queued jobs, the outbox's pending entries, the inbox's unapplied events."""
    queued = redis.llen("rq:queue:antar")
    pending, unapplied = connection.execute(
        """
        SELECT (SELECT count(*) FROM outbox_entry WHERE state = 'pending'),
               (SELECT count(*) FROM carrier_inbox_event WHERE processed_at IS NULL)
        """
    ).fetchone()
    return queued, pending, unapplied


def applied_count(connection: psycopg.Connection, day: Day) -> int:
    return connection.execute(
        """
        SELECT count(*) FROM carrier_inbox_event
        WHERE carrier_shipment_id LIKE %s AND processed_at IS NOT NULL
        """,
        (f"shp-{day.tag}-%",),
    ).fetchone()[0]


def check_exactly_once(connection: psycopg.Connection, day: Day, events: int) -> list[str]:
    """What is wrong with the day's events once applied: none missing, none twice, each parcel
    in the status of its last event, nothing left unprocessed."""
    problems = []
    inbox, distinct_ids, unapplied = connection.execute(
        """
        SELECT count(*), count(DISTINCT carrier_event_id),
               count(*) FILTER (WHERE processed_at IS NULL OR outcome IS NULL
                                OR outcome = 'unknown_shipment')
        FROM carrier_inbox_event WHERE carrier_shipment_id LIKE %s
        """,
        (f"shp-{day.tag}-%",),
    ).fetchone()
    if inbox != events or distinct_ids != events:
        problems.append(f"inbox holds {inbox} rows ({distinct_ids} ids) of {events} events")
    if unapplied:
        problems.append(f"{unapplied} events not applied")
    recorded, twice = connection.execute(
        """
        SELECT count(*), count(*) - count(DISTINCT t.dedupe_key)
        FROM tracking_event t
        WHERE t.parcel_id BETWEEN %s AND %s AND t.dedupe_key LIKE 'carrier:evt-%%'
        """,
        (day.first_parcel_id, day.last_parcel_id),
    ).fetchone()
    if recorded != events or twice:
        problems.append(f"{recorded} tracking events recorded for {events} events ({twice} twice)")
    without_event = connection.execute(
        """
        SELECT count(*) FROM carrier_inbox_event i
        WHERE i.carrier_shipment_id LIKE %s AND NOT EXISTS (
            SELECT 1 FROM tracking_event t WHERE t.dedupe_key = 'carrier:' || i.carrier_event_id)
        """,
        (f"shp-{day.tag}-%",),
    ).fetchone()[0]
    if without_event:
        problems.append(f"{without_event} inbox events have no tracking event")
    statuses = dict(
        connection.execute(
            "SELECT id, status FROM parcel WHERE id BETWEEN %s AND %s",
            (day.first_parcel_id, day.last_parcel_id),
        ).fetchall()
    )
    wrong = [
        parcel_id
        for parcel_id, status in statuses.items()
        if status != FINAL_STATUS_OF_CODE[story_of(parcel_id)[-1]]
    ]
    if wrong:
        problems.append(f"{len(wrong)} parcels not in their last event's status, e.g. {wrong[:5]}")
    left = connection.execute(
        "SELECT count(*) FROM outbox_entry WHERE topic = 'carrier.events' AND state <> 'done'"
    ).fetchone()[0]
    if left:
        problems.append(f"{left} outbox entries of carrier events not done")
    return problems


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def run_ingest(
    database_url: str,
    redis_url: str,
    parcels: int = 100_000,
    *,
    workers: int = 2,
    web_workers: int = 2,
    senders: int = SENDERS,
    log_dir: Path | None = None,
) -> IngestResult:
    """Post a national day's webhooks and wait until every event is applied; measure it."""
    day = add_dispatched_day(database_url, parcels)
    events = day.parcels * len(DELIVERED)
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    env = app_environment(database_url, redis_url, MODE="production", POLL_QUIET_MINUTES=10**7)
    log_dir = log_dir or Path("/tmp") / f"national-ingest-{day.tag}"
    running = start_app(env, workers, web_workers, log_dir)
    samples: list[tuple[float, int]] = []
    try:
        with psycopg.connect(database_url, autocommit=True) as connection:
            started = time.perf_counter()
            sending = Senders(running.url, webhook_bodies(day), senders).start()
            applied = 0
            while time.perf_counter() - started < APPLY_TIMEOUT_SECONDS:
                queued, pending, unapplied = queue_depth(connection, redis)
                elapsed = time.perf_counter() - started
                samples.append((round(elapsed, 1), queued + pending + unapplied))
                print(
                    f"  {elapsed:7.1f} s  sent {sending.accepted:>7}  rq {queued:>5}  "
                    f"outbox {pending:>7}  inbox {unapplied:>7}",
                    flush=True,
                )
                sending_done = not any(thread.is_alive() for thread in sending.threads)
                if sending_done:
                    applied = applied_count(connection, day)
                    if applied >= events or (sending.failures and applied >= sending.accepted):
                        break
                time.sleep(SAMPLE_SECONDS)
            seconds = time.perf_counter() - started
            web_cpu, workers_cpu = running.cpu_seconds()
            sending.join()
            problems = [f"webhook call failed: {failure}" for failure in sending.failures[:3]]
            problems += check_exactly_once(connection, day, events)
    finally:
        running.stop()
    return IngestResult(
        parcels=day.parcels,
        events=events,
        seconds=seconds,
        workers=workers,
        web_workers=web_workers,
        all_applied=not problems,
        depth_samples=samples,
        problems=problems,
        load=load(),
        web_cpu_seconds=web_cpu,
        workers_cpu_seconds=workers_cpu,
    )


# ---- polling ------------------------------------------------------------------------------


SANDBOX_MINUTES_PLAYED = 1500  # a day and a bit: most parcels out for delivery, ~6 events
POLL_RATE_LIMIT_EVERY_NTH = 25  # the carrier answers 429 (Retry-After 1 s) to every 25th call


def start_sandbox(port: int) -> subprocess.Popen:
    """The sandbox carrier in its own process, its clock frozen until advanced."""
    from postal_sandbox import SandboxAdmin

    process = subprocess.Popen(
        [sys.executable, "-m", "postal_sandbox", "--port", str(port), "--speed", "0"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            SandboxAdmin(f"http://127.0.0.1:{port}").stats()
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the sandbox did not start")


def book_at_the_carrier(url: str, tag: str, parcels: int) -> list[tuple[str, str]]:
    """Create the day's shipments at the sandbox (four threads), ask for their pickups, and
    play their stories for a day: return each parcel's (carrier id, tracking number)."""
    from concurrent.futures import ThreadPoolExecutor

    from postal_client import Address, Party, PostalClient, ShipmentRequest
    from postal_sandbox import SandboxAdmin

    sender = Party(
        "Disdukcapil",
        "+62725529100",
        Address(
            ("Jl. Raden Intan 1",),
            "Gunung Sugih",
            "Gunung Sugih",
            "Kabupaten Lampung Tengah",
            "Lampung",
            "34165",
        ),
    )
    local = threading.local()

    def create(number: int) -> tuple[str, str]:
        if not hasattr(local, "client"):
            local.client = PostalClient(url, "antar-sandbox", "sandbox-secret")
        recipient = Party(
            f"Warga {number}",
            "081200000000",
            Address(
                ("Jl. Merdeka 1",),
                "Gunung Sugih",
                "Gunung Sugih",
                "Kabupaten Lampung Tengah",
                "Lampung",
                f"3416{number % 10}",
            ),
        )
        created = local.client.create_shipment(
            ShipmentRequest(f"N{tag}{number:08d}", sender, recipient, 120),
            idempotency_key=f"national-{tag}-{number}",
        )
        return created.id, created.tracking_number

    with ThreadPoolExecutor(4) as pool:
        booked = list(pool.map(create, range(1, parcels + 1)))
    with PostalClient(url, "antar-sandbox", "sandbox-secret") as client:
        for start in range(0, len(booked), 100):
            client.request_pickup([carrier_id for carrier_id, _ in booked[start : start + 100]])
    SandboxAdmin(url).advance(SANDBOX_MINUTES_PLAYED)
    return booked


def run_polling(
    database_url: str,
    redis_url: str,
    parcels: int = 10_000,
    *,
    pollers: int = 2,
    day_open_parcels: int = 100_000,
) -> PollingResult:
    """One polling round over the day's open parcels, through the app's polling code, `pollers`
    at once (as that many workers' periodic work), the carrier's rules kept."""
    from delivery import create_app
    from delivery.dispatch.carrier_events import poll_carrier
    from postal_sandbox import SandboxAdmin

    migrated_with_an_office(database_url)
    port = free_port()
    sandbox = start_sandbox(port)
    url = f"http://127.0.0.1:{port}"
    try:
        tag = secrets.token_hex(3)
        day = add_dispatched_day(database_url, parcels, tag, book_at_the_carrier(url, tag, parcels))
        admin = SandboxAdmin(url)
        admin.set_faults(rate_limit={"every_nth": POLL_RATE_LIMIT_EVERY_NTH}, retry_after_seconds=1)
        calls_before = admin.stats()["requests"].get("POST /v1/tracking", 0)
        app = create_app(app_settings(database_url, redis_url, CARRIER_URL=url))
        polled = []

        def poll_until_done() -> None:
            with app.app_context():
                polled.append(poll_carrier(max_batches=10**9))

        started = time.perf_counter()
        threads = [threading.Thread(target=poll_until_done) for _ in range(pollers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        calls = admin.stats()["requests"].get("POST /v1/tracking", 0) - calls_before
        with psycopg.connect(database_url) as connection:
            applied = connection.execute(
                """
                SELECT count(*) FROM tracking_event
                WHERE parcel_id BETWEEN %s AND %s AND source = 'carrier_poll'
                """,
                (day.first_parcel_id, day.last_parcel_id),
            ).fetchone()[0]
    finally:
        sandbox.terminate()
        sandbox.wait()
    return PollingResult(
        parcels=sum(polled),
        round_seconds=seconds,
        calls=calls,
        events_applied=applied,
        day_open_parcels=day_open_parcels,
        load=load(),
    )


def print_ingest(result: IngestResult) -> None:
    print(
        f"ingest: parcels={result.parcels} events={result.events} workers={result.workers} "
        f"web={result.web_workers} seconds={result.seconds:.1f} "
        f"events_per_second={result.events_per_second:.0f} all_applied="
        f"{'yes' if result.all_applied else 'no'} load={result.load}"
    )
    print(
        f"  CPU: web {result.web_cpu_seconds:.0f} s, workers {result.workers_cpu_seconds:.0f} s "
        f"({1000 * (result.web_cpu_seconds + result.workers_cpu_seconds) / result.events:.1f} ms "
        "per event, PostgreSQL not counted)"
    )
    for problem in result.problems:
        print(f"  problem: {problem}")
    step = max(1, len(result.depth_samples) // 20)
    print(
        "  depth over time: " + ", ".join(f"{s:.0f}s:{d}" for s, d in result.depth_samples[::step])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["ingest", "polling"])
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--parcels", type=int)
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--senders", type=int, default=SENDERS)
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database before each run"
    )
    options = parser.parse_args()
    if options.what == "ingest":
        for workers in options.workers:
            if options.fresh:
                drop_database(options.database)
            result = run_ingest(
                options.database,
                options.redis,
                options.parcels or 100_000,
                workers=workers,
                web_workers=options.web_workers,
                senders=options.senders,
            )
            print_ingest(result)
    else:
        if options.fresh:
            drop_database(options.database)
        result = run_polling(
            options.database,
            options.redis,
            options.parcels or 10_000,
            pollers=options.workers[0],
        )
        print(
            f"polling: parcels={result.parcels} pollers={options.workers[0]} "
            f"round_seconds={result.round_seconds:.1f} "
            f"parcels_per_second={result.parcels_per_second:.0f} tracking_calls={result.calls} "
            f"events_applied={result.events_applied} "
            f"day_round_seconds={result.day_round_seconds:.0f} "
            f"(for {result.day_open_parcels} open parcels) load={result.load}"
        )


if __name__ == "__main__":
    main()
