"""Tracking benchmark: POST /api/v1/track under load, beside a bare Flask endpoint.

    .venv/bin/python bench/bench_tracking.py --rate-limits redis://127.0.0.1:6379/14 \
        [--parcels 3000] [--duration 10] [--workers 2]

Loads a few thousand parcels with documents, tracking events and courier visits into a
separate PostgreSQL database (rebuilt from the migrations), serves the app with gunicorn on
loopback, and drives it with wrk from a second process, posting valid code and birth-date
pairs. A bare Flask app returning a small JSON is served and driven the same way (same
gunicorn worker count, same wrk settings) in the same run, and so is a third reference: the
bare endpoint plus one indexed single-row SELECT on the same database, the floor for any
endpoint that reads PostgreSQL once per request. Rate limits are off for the run
(ANTAR_RATELIMIT_ENABLED=false) unless --rate-limits names a Redis: then the app counts every
lookup there as in production (per address and per parcel, each a per-minute and a per-day
window), with limits set so high that none is refused. The three alternate for five rounds, as
the machine may be busy with other work; the median ratio is reported, beside each round's.
The target is the lookup's p99 under 100 ms with rate limits on; its throughput beside the
bare endpoint is reported, not judged. Needs wrk (Debian: apt-get install -y wrk).
"""

import argparse
import functools
import os
import random
import shutil
import statistics
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_intake import FAMILY, GIVEN, LAMPUNG_TENGAH, prepare_database  # noqa: E402
from serving import (  # noqa: E402
    app_environment,
    run_wrk,
    start_gunicorn,
    stop_gunicorn,
    track_script,
    wait_until_answering,
)

JOURNEYS = {
    "ready": [],
    "submitted": ["submitted"],
    "in_transit": ["submitted", "in_transit"],
    "out_for_delivery": ["submitted", "in_transit", "out_for_delivery"],
    "attempt_failed": ["submitted", "in_transit", "out_for_delivery", "attempt_failed"],
    "delivered": ["submitted", "in_transit", "out_for_delivery", "delivered"],
    "returned": [
        "submitted",
        "in_transit",
        "out_for_delivery",
        "attempt_failed",
        "out_for_delivery",
        "attempt_failed",
        "returning",
        "returned",
    ],
}
BARE_APP = """
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/v1/track")
def track():
    body = request.get_json()
    return jsonify({"status": "ok", "code": body["code"]})
"""
BARE_QUERY_APP = """
import os

import psycopg
from flask import Flask, jsonify, request

app = Flask(__name__)
connection = None


@app.post("/api/v1/track")
def track():
    global connection
    if connection is None:  # one per gunicorn worker, opened after the fork
        connection = psycopg.connect(os.environ["BENCH_DSN"], autocommit=True)
    body = request.get_json()
    found = connection.execute(
        "SELECT id FROM parcel WHERE tracking_code = %s", (body["code"],)
    ).fetchone()
    return jsonify({"status": "ok", "found": found is not None})
"""


@functools.cache
def official_villages() -> list[tuple[str, str, str, str]]:
    """Every village of the regency as (village, district, postal code, village code), as the
    region list has them."""
    from delivery.regions.dataset import children

    return [
        (village.name, district.name, village.postal_code, village.code)
        for district in children(LAMPUNG_TENGAH)
        for village in children(district.code)
    ]


def household_rows(number: int, office_id: int, rng: random.Random, now: datetime) -> dict:
    """Make one parcel with its documents, events and visits, and the pair a resident types."""
    from delivery.demo import make_nik
    from delivery.parcels.codes import new_qr_token, new_tracking_code
    from delivery.parcels.packing import RECIPIENT_FIELDS

    status = list(JOURNEYS)[number % len(JOURNEYS)]
    villages = official_villages()
    village, district, postal_code, region_code = villages[number % len(villages)]
    packed = now - timedelta(days=10, minutes=number)
    parcel = {
        "id": number,
        "office_id": office_id,
        "tracking_code": new_tracking_code(),
        "qr_token": new_qr_token(),
        "status": status,
        "status_changed_at": packed,
        "household_key": f"18020{number:011d}",
        "recipient_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        "recipient_phone": "081234567890",
        "street": f"Jl. Merdeka No. {number % 500 + 1}",
        "rt": "001",
        "rw": "002",
        "village": village,
        "district": district,
        "regency": "Kabupaten Lampung Tengah",
        "province": "Lampung",
        "postal_code": postal_code,
        "region_code": region_code,
        "created_at": packed,
    }
    births = [date(rng.randint(1950, 2019), rng.randint(1, 12), rng.randint(1, 28)) for _ in "ab"]
    documents = [
        {
            "office_id": office_id,
            "parcel_id": number,
            "document_type": "ktp_el" if holder == 0 else "kia",
            "document_number": f"DOC-{number:07d}-{holder}",
            "status": "packed",
            "holder_nik": make_nik("02", born, holder == 1, number % 10000),
            "holder_name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            "kk_number": parcel["household_key"][-16:],
            "application_ref": f"LTG-{number:07d}-{holder}",
            "created_at": packed,
        }
        | {key: parcel[key] for key in RECIPIENT_FIELDS}
        for holder, born in enumerate(births)
    ]
    events, attempts = journey_rows(number, status, packed)
    typed = parcel["tracking_code"] if number % 5 else documents[1]["application_ref"]
    pair = {"code": typed, "birth_date": births[number % 2].isoformat()}
    parcel["status_changed_at"] = events[-1]["occurred_at"] if events else packed
    parcel["failed_attempts"] = JOURNEYS[status].count("attempt_failed")  # as the recorder keeps it
    return {"parcel": parcel, "documents": documents, "events": events, "attempts": attempts} | {
        "pair": pair
    }


def journey_rows(number: int, status: str, packed: datetime) -> tuple[list, list]:
    """The events of the parcel's journey so far, and a courier visit for each door step."""
    events, attempts = [], []
    for step, event_status in enumerate(JOURNEYS[status], start=1):
        moment = packed + timedelta(hours=12 * step)
        failed = event_status == "attempt_failed"
        events.append(
            {
                "parcel_id": number,
                "dedupe_key": f"bench:{number}:{step}",
                "source": "courier" if failed or event_status == "delivered" else "carrier_webhook",
                "status": event_status,
                "reason": "not_at_home" if failed else None,
                "occurred_at": moment,
                "received_at": moment,
                "outcome": "applied",
            }
        )
        if failed or event_status == "delivered":
            attempts.append(
                {
                    "parcel_id": number,
                    "client_event_id": f"bench:{number}:{step}",
                    "delivered": not failed,
                    "reason": "not_at_home" if failed else None,
                    "receiver_name": None if failed else "Penerima Uji",
                    "receiver_relation": None if failed else "household_member",
                    "occurred_at": moment,
                    "received_at": moment,
                }
            )
    return events, attempts


def load_parcels(url: str, parcels: int) -> list[dict]:
    """Store the parcels with one array insert per table; return the residents' pairs."""
    from delivery import create_app
    from delivery.core.extensions import db
    from delivery.demo import demo_office
    from delivery.models import DeliveryAttempt, Document, Parcel, TrackingEvent

    rng = random.Random(8)
    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        office = demo_office()
        db.session.add(office)
        db.session.commit()
        now = datetime.now(UTC)
        households = [household_rows(n, office.id, rng, now) for n in range(1, parcels + 1)]
        for model, key in (
            (Parcel, "parcel"),
            (Document, "documents"),
            (TrackingEvent, "events"),
            (DeliveryAttempt, "attempts"),
        ):
            rows = [row for h in households for row in ([h[key]] if key == "parcel" else h[key])]
            db.session.execute(db.insert(model), rows)
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()
    return [household["pair"] for household in households]


def measure(name: str, target: str, workdir: Path, script: Path, pair: dict, options) -> dict:
    """Serve one app, warm it up, then measure it."""
    env = app_environment(options.database_url, options.rate_limits, BENCH_DSN=options.database_url)
    process, url, log = start_gunicorn(target, workdir, options.workers, env)
    try:
        wait_until_answering(url, pair)
        run_wrk(url, script, options.threads, options.connections, 2)
        return {"name": name} | run_wrk(
            url, script, options.threads, options.connections, options.duration
        )
    finally:
        stop_gunicorn(process, log)


def report(rounds: list[tuple[dict, dict, dict]], options) -> None:
    """Print every run, the medians and ratios, the worst p99, and whether the target is met."""
    print(
        f"gunicorn --workers {options.workers} (sync); wrk -t{options.threads} "
        f"-c{options.connections} -d{options.duration}s on loopback; {options.parcels} parcels; "
        f"load average now {os.getloadavg()[0]:.1f}; rate limits "
        + ("on, counted in Redis" if options.rate_limits else "off")
    )
    print(f"{'endpoint':<10} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for result in (result for pair in rounds for result in pair):
        print(
            f"{result['name']:<10} {result['requests_per_second']:>9.0f} {result['p50_ms']:>8.2f} "
            f"{result['p90_ms']:>8.2f} {result['p99_ms']:>8.2f} {result['non_2xx']:>8}"
            f"  socket errors: {result['socket_errors']}"
        )
    ratio = median_ratio(rounds, "tracking", "bare")
    worst_p99 = max(tracking["p99_ms"] for tracking, *_ in rounds)
    failures = sum(tracking["non_2xx"] for tracking, *_ in rounds)
    each_round = ", ".join(
        f"{tracking['requests_per_second'] / bare['requests_per_second']:.0%}"
        for tracking, bare, *_ in rounds
    )
    medians = {
        key: statistics.median(tracking[key] for tracking, *_ in rounds)
        for key in ("requests_per_second", "p50_ms", "p99_ms")
    }
    print(
        f"tracking, median of {len(rounds)} rounds: {medians['requests_per_second']:.0f} req/s, "
        f"p50 {medians['p50_ms']:.2f} ms, p99 {medians['p99_ms']:.2f} ms"
    )
    print(f"tracking / bare, median of {len(rounds)} rounds: {ratio:.0%}")
    print(f"tracking / bare, round by round: {each_round}")
    print(
        f"for reference: bare+query / bare {median_ratio(rounds, 'bare+query', 'bare'):.0%}, "
        f"tracking / bare+query {median_ratio(rounds, 'tracking', 'bare+query'):.0%}"
    )
    print(f"tracking p99, worst round: {worst_p99:.1f} ms (target under 100 ms, limits on)")
    if not options.rate_limits:
        print("target not judged: rate limits were off (run with --rate-limits REDIS_URL)")
    else:
        met = worst_p99 < 100 and failures == 0
        print("target met" if met else "TARGET NOT MET")


def median_ratio(rounds: list[tuple[dict, ...]], top: str, bottom: str) -> float:
    """The median over rounds of one endpoint's requests per second over another's."""
    rates = [{run["name"]: run["requests_per_second"] for run in runs} for runs in rounds]
    return statistics.median(each[top] / each[bottom] for each in rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=3000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=5, help="tracking, bare, then bare+query, this often"
    )
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/antar_bench_tracking"
    )
    parser.add_argument(
        "--rate-limits",
        metavar="REDIS_URL",
        help="count lookups against the rate limits in this Redis (limits set high)",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (Debian), then run this again.")
    prepare_database(options.database_url)
    pairs = load_parcels(options.database_url, options.parcels)
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        (workdir / "bare_app.py").write_text(BARE_APP)
        (workdir / "bare_query_app.py").write_text(BARE_QUERY_APP)
        script = workdir / "track.lua"
        script.write_text(track_script(pairs))
        rounds = [
            (
                measure("tracking", "wsgi:app", workdir, script, pairs[0], options),
                measure("bare", "bare_app:app", workdir, script, pairs[0], options),
                measure("bare+query", "bare_query_app:app", workdir, script, pairs[0], options),
            )
            for _round in range(options.rounds)
        ]
    report(rounds, options)


if __name__ == "__main__":
    main()
