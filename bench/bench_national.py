"""National benchmark: a year of the whole country in one database, measured from outside.

    .venv/bin/python bench/bench_national.py \
        --database-url postgresql://postgres@127.0.0.1:5432/bench_national --parcels 1000000 \
        [--redis-url redis://127.0.0.1:6379/8] [--skip-build] [--pages-only] [--skip-ingest]

Builds (or grows) the national year with bench/national_data.py to --parcels, then serves the
app with gunicorn on loopback and measures over real HTTP:

- the staff pages of the large office (Kabupaten Bogor, 5% of the parcels), signed in as its
  staff (the supervisor page as the national supervisor, the monthly report's API with a staff
  token): each warmed up, then requested --requests times one after another: p50 and p95;
- the resident lookup (POST /api/v1/track) under load from wrk, with residents' codes and birth
  dates from all over the country, rate limits on and counted in Redis (limits set too high to
  refuse any request): requests per second and p99;
- a national day's ingest and a polling round, with bench/national_ingest.py where it exists
  (run_ingest and run_polling); without it the output says they were not measured.

The targets (issue 21): every staff page p95 under 300 ms, the lookup p99 under 100 ms, a day's
ingest at 850 events/s or more with every event applied, a polling round under an hour. The
machine's load average is printed beside each figure: on a shared machine it moves them. The
last line sums it up: `national: parcels=… events=… staff_p95_ms=… lookup_p99_ms=…
lookup_rps=… ingest_eps=… poll_round_s=… all_applied=yes|no` (n/a for what was not measured).
Needs wrk (Debian: apt-get install -y wrk).
"""

import argparse
import html
import importlib
import os
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests  # noqa: E402
from national_data import (  # noqa: E402
    StaffSample,
    build,
    prepare_schema,
    print_result,
    resident_pairs,
    row_counts,
    staff_sample,
)
from serving import (  # noqa: E402
    app_environment,
    run_wrk,
    start_gunicorn,
    stop_gunicorn,
    track_script,
    wait_until_answering,
)

STAFF_PAGE_TARGET_MS = 300
LOOKUP_P99_TARGET_MS = 100
INGEST_TARGET_EPS = 850
POLL_ROUND_TARGET_S = 3600
MINIMUM_REQUESTS = 5
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    """A staff page as its users ask for it: who, how, where, and what a search sends."""

    name: str
    path: Callable[[StaffSample], str]
    who: str = "staff"  # staff, supervisor, or api (a staff member's API token)
    form: Callable[[StaffSample], dict] | None = None  # a POST with these fields


def last_month() -> str:
    today = datetime.now(UTC).date()
    return f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"


PAGES = (
    Page("dashboard", lambda s: "/staff/"),
    Page("parcels, first page", lambda s: "/staff/parcels"),
    Page("parcels, page 21", lambda s: f"/staff/parcels?after={s.deep_after_id}"),
    Page("parcels by status", lambda s: "/staff/parcels?status=attempt_failed"),
    Page("parcels by area", lambda s: f"/staff/parcels?area={s.district_code}"),
    Page(
        "search by code",
        lambda s: "/staff/documents/search",
        form=lambda s: {"q": s.document_number, "nik": ""},
    ),
    Page("parcel page", lambda s: f"/staff/parcels/{s.tracking_code}"),
    Page("documents", lambda s: "/staff/documents"),
    Page("returns", lambda s: "/staff/returns"),
    Page("dispatch list", lambda s: "/staff/dispatches"),
    Page("areas", lambda s: "/staff/areas"),
    Page("monthly report", lambda s: f"/staff/reports?month={last_month()}"),
    Page("monthly report API", lambda s: f"/api/v1/reports/monthly?month={last_month()}", "api"),
    Page("supervisor", lambda s: "/supervisor/", "supervisor"),
)


@dataclass
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    requests: int
    failures: int
    kilobytes: float
    load: float


def load_average() -> float:
    return os.getloadavg()[0]


# ---------------------------------------------------------------- staff pages


def signed_in(url: str, username: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    session = requests.Session()
    form = session.get(f"{url}/login", timeout=30)
    answer = session.post(
        f"{url}/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(form.text)},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise SystemExit(f"signing in as {username} failed: HTTP {answer.status_code}")
    return session


def csrf_token(page: str) -> str:
    found = CSRF_FIELD.search(page)
    if not found:
        raise SystemExit("no CSRF token on the page")
    return html.unescape(found.group(1))


def api_token(database_url: str, username: str) -> str:
    """Issue an API token for the user (the plain token is only known here)."""
    from delivery import create_app
    from delivery.core.extensions import db
    from delivery.models import ApiToken, User

    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=username))
        token, plain = ApiToken.issue(user, "bench_national")
        db.session.add(token)
        db.session.commit()
        db.engine.dispose()
    return plain


@dataclass
class Visitor:
    """Who asks for the pages: a signed-in browser session with its form token, or an API
    client with its bearer token."""

    session: requests.Session
    csrf_token: str = ""
    api_token: str = ""

    def ask(self, url: str, page: Page, sample: StaffSample) -> requests.Response:
        """Ask for the page once."""
        path = page.path(sample)
        if page.form:
            fields = page.form(sample) | {"csrf_token": self.csrf_token}
            return self.session.post(url + path, data=fields, allow_redirects=False, timeout=60)
        headers = {"Authorization": f"Bearer {self.api_token}"} if self.api_token else {}
        return self.session.get(url + path, headers=headers, allow_redirects=False, timeout=60)


def answered(visitor: Visitor, url: str, page: Page, sample: StaffSample) -> tuple[int, int]:
    """Ask for the page; return its status and size (0 and 0 when the server dropped the
    request, as gunicorn does with a worker past its timeout)."""
    try:
        answer = visitor.ask(url, page, sample)
    except requests.RequestException:
        return 0, 0
    return answer.status_code, len(answer.content)


def time_page(visitor: Visitor, url: str, page: Page, sample: StaffSample, options) -> Timing:
    """Warm the page up, then time it --requests times in a row; a slow page stops early, after
    --page-seconds (with at least MINIMUM_REQUESTS timed)."""
    deadline = time.monotonic() + options.page_seconds
    for _warmup in range(options.warmup):
        answered(visitor, url, page, sample)
        if time.monotonic() > deadline:
            break
    deadline = time.monotonic() + options.page_seconds
    durations, failures, size = [], 0, 0
    for _request in range(options.requests):
        started = time.perf_counter()
        status, size = answered(visitor, url, page, sample)
        durations.append((time.perf_counter() - started) * 1000)
        failures += status != 200
        if len(durations) >= MINIMUM_REQUESTS and time.monotonic() > deadline:
            break
    cut = statistics.quantiles(durations, n=20, method="inclusive")
    return Timing(
        page.name,
        statistics.median(durations),
        cut[18],
        len(durations),
        failures,
        size / 1024,
        load_average(),
    )


def measure_pages(url: str, sample: StaffSample, token: str, options) -> list[Timing]:
    staff = signed_in(url, sample.staff_username, sample.password)
    form_token = csrf_token(staff.get(f"{url}/staff/documents", timeout=60).text)
    visitors = {
        "staff": Visitor(staff, csrf_token=form_token),
        "supervisor": Visitor(signed_in(url, sample.supervisor_username, sample.password)),
        "api": Visitor(requests.Session(), api_token=token),
    }
    timings = []
    for page in PAGES:
        if options.page and not any(wanted in page.name for wanted in options.page):
            continue
        timing = time_page(visitors[page.who], url, page, sample, options)
        print_timing(timing)
        timings.append(timing)
    return timings


def print_timing(timing: Timing) -> None:
    mark = "" if timing.p95_ms < STAFF_PAGE_TARGET_MS else "  over target"
    failed = f"  {timing.failures} not 200" if timing.failures else ""
    print(
        f"{timing.name:<22} {timing.p50_ms:>8.1f} {timing.p95_ms:>8.1f} {timing.requests:>5}"
        f" {timing.kilobytes:>8.1f} {timing.load:>6.1f}{failed}{mark}",
        flush=True,
    )


# ---------------------------------------------------------------- resident lookup


def measure_lookup(url: str, pairs: list[dict], workdir: Path, options) -> dict:
    script = workdir / "track.lua"
    script.write_text(track_script(pairs))
    run_wrk(url, script, options.threads, options.connections, 3)
    result = run_wrk(url, script, options.threads, options.connections, options.duration)
    result["load"] = load_average()
    print(
        f"resident lookup: {result['requests_per_second']:.0f} req/s, "
        f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"{result['non_2xx']} not 2xx, socket errors {result['socket_errors']}; "
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s, "
        f"{len(pairs)} residents, rate limits on in {options.redis_url}; "
        f"load {result['load']:.1f}",
        flush=True,
    )
    return result


# ---------------------------------------------------------------- ingest and polling


def ingest_module():
    """bench/national_ingest.py, where it exists."""
    try:
        return importlib.import_module("national_ingest")
    except ModuleNotFoundError as error:
        if error.name != "national_ingest":
            raise
        return None


def measure_ingest(options) -> tuple[object | None, object | None]:
    module = ingest_module()
    if module is None:
        print("ingest and polling NOT MEASURED: bench/national_ingest.py is not in this tree")
        return None, None
    ingest = module.run_ingest(
        options.database_url, options.redis_url, parcels=options.ingest_parcels
    )
    print(
        f"ingest: {ingest.events:,} events in {ingest.seconds:.0f} s, "
        f"{ingest.events_per_second:,.0f} events/s, every event applied: "
        f"{'yes' if ingest.all_applied else 'NO'}; load {load_average():.1f}",
        flush=True,
    )
    print("queue depth over time: " + depth_line(ingest.depth_samples))
    polling = module.run_polling(options.database_url, options.redis_url, options.poll_parcels)
    print(
        f"polling: one round over {polling.parcels:,} open parcels (the day's "
        f"{options.poll_parcels:,} and the year's still with the carrier) in "
        f"{polling.round_seconds:,.0f} s, "
        f"{polling.parcels_per_second:,.1f} parcels/s; at that rate a round over a day's "
        f"{polling.day_open_parcels:,} open parcels takes {polling.day_round_seconds:,.0f} s; "
        f"load {load_average():.1f}",
        flush=True,
    )
    return ingest, polling


def depth_line(samples: list[tuple[float, int]]) -> str:
    """The queue's depth (seconds into the run: jobs waiting), at most twenty samples."""
    step = max(1, len(samples) // 20)
    return ", ".join(f"{at:.0f}s:{depth}" for at, depth in samples[::step]) or "none"


# ---------------------------------------------------------------- the run


def judged(value: float | None, target: float, below: bool = True) -> str:
    if value is None:
        return "not measured"
    return "met" if (value < target if below else value >= target) else "NOT MET"


def figure(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def report(rows: dict, timings: list[Timing], lookup: dict | None, ingest, polling) -> None:
    worst = max(timings, key=lambda timing: timing.p95_ms) if timings else None
    staff_p95 = worst.p95_ms if worst else None
    lookup_p99 = lookup["p99_ms"] if lookup else None
    lookup_rps = lookup["requests_per_second"] if lookup else None
    ingest_eps = ingest.events_per_second if ingest else None
    round_s = polling.day_round_seconds if polling else None  # over a day's open parcels
    print()
    if worst:
        print(
            f"worst staff page: {worst.name}, p95 {worst.p95_ms:.1f} ms "
            f"(target under {STAFF_PAGE_TARGET_MS} ms): {judged(staff_p95, STAFF_PAGE_TARGET_MS)}"
        )
    print(
        f"lookup p99 {figure(lookup_p99, 1)} ms (target under {LOOKUP_P99_TARGET_MS} ms): "
        f"{judged(lookup_p99, LOOKUP_P99_TARGET_MS)}"
    )
    print(
        f"ingest {figure(ingest_eps)} events/s (target {INGEST_TARGET_EPS} or more): "
        f"{judged(ingest_eps, INGEST_TARGET_EPS, below=False)}; polling round "
        f"{figure(round_s)} s (target under {POLL_ROUND_TARGET_S} s): "
        f"{judged(round_s, POLL_ROUND_TARGET_S)}"
    )
    applied = "n/a" if ingest is None else ("yes" if ingest.all_applied else "no")
    print(
        f"national: parcels={rows['parcel']} events={rows['tracking_event']} "
        f"staff_p95_ms={figure(staff_p95)} lookup_p99_ms={figure(lookup_p99)} "
        f"lookup_rps={figure(lookup_rps)} ingest_eps={figure(ingest_eps)} "
        f"poll_round_s={figure(round_s)} all_applied={applied}"
    )


def measure_served(options, sample: StaffSample, pairs: list[dict]) -> tuple:
    """Serve the app with gunicorn and measure the pages, then the lookup under load."""
    token = api_token(options.database_url, sample.staff_username)
    env = app_environment(options.database_url, options.redis_url)
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        process, url, log = start_gunicorn("wsgi:app", workdir, options.workers, env)
        try:
            wait_until_answering(url, pairs[0], timeout=60)
            print(
                f"\nstaff pages of office {sample.office_code} (the large office), "
                f"gunicorn --workers {options.workers}, {options.warmup} warm-up then "
                f"{options.requests} requests each, one at a time"
            )
            print(f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'reqs':>5} {'KB':>8} {'load':>6}")
            timings = measure_pages(url, sample, token, options)
            lookup = None if options.pages_only else measure_lookup(url, pairs, workdir, options)
        finally:
            stop_gunicorn(process, log)
    return timings, lookup


def stop_on_signal(number, frame) -> None:
    raise SystemExit(f"stopped by signal {number}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_national"
    )
    parser.add_argument(
        "--parcels", type=int, default=1_000_000, help="build or grow the year to this first"
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="add no parcels (migrations still run)"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--pages-only", action="store_true", help="staff pages only")
    parser.add_argument("--skip-ingest", action="store_true", help="no ingest or polling")
    parser.add_argument(
        "--page", action="append", help="measure only pages whose name holds this (repeatable)"
    )
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument(
        "--page-seconds", type=float, default=60, help="time a page this long at most"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--duration", type=int, default=15, help="seconds of lookups under load")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--ingest-parcels", type=int, default=100_000, help="a day's parcels (5 events each)"
    )
    parser.add_argument(
        "--poll-parcels", type=int, default=10_000, help="open parcels polled in the round timed"
    )
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, stop_on_signal)  # stop gunicorn on the way out
    if not options.pages_only and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian), then run this again.")
    print(f"load average at the start: {load_average():.1f}")
    if options.skip_build:
        prepare_schema(options.database_url)  # the schema of the code measured, data as it is
    else:
        print_result(build(options.database_url, options.parcels))
    import psycopg

    with psycopg.connect(options.database_url) as connection:
        rows = row_counts(connection)
        sample = staff_sample(connection)
        pairs = resident_pairs(connection)
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    print(
        f"database: {rows['parcel']:,} parcels, {rows['document']:,} documents, "
        f"{rows['tracking_event']:,} tracking events, {size / 2**30:.1f} GiB"
    )
    timings, lookup = measure_served(options, sample, pairs)
    ingest = polling = None
    if options.pages_only or options.skip_ingest:
        print("ingest and polling NOT MEASURED: left out by --pages-only or --skip-ingest")
    else:
        ingest, polling = measure_ingest(options)
    report(rows, timings, lookup, ingest, polling)


if __name__ == "__main__":
    main()
