"""Dispatch benchmark: 1,000 parcels through the whole pipeline against the sandbox carrier.

    .venv/bin/python bench/bench_dispatch.py [--parcels 1000] [--workers 2] [--rounds 3]

In the same run it times a plain loop of client calls (one create_shipment after another)
and the pipeline: dispatch in one transaction, outbox drained into RQ on the local Redis,
`--workers` RQ worker processes creating the shipments and recording them in PostgreSQL.
The two alternate for a few rounds, each round with parcels of its own, as the machine may be
busy with other work; the median ratio is reported.
Uses (and rebuilds) the database `antar_bench_dispatch` and Redis database 14.

The sandbox answers in well under a millisecond on loopback, so by default the run compares
Antar's own bookkeeping with bare HTTP calls; `--carrier-latency-ms 20` gives every answer
the delay of a carrier across a network, where the workers' parallel calls pay off.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests  # noqa: E402
from bench_intake import prepare_database  # noqa: E402

from postal_sandbox import SandboxAdmin  # noqa: E402

DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/antar_bench_dispatch"
REDIS_URL = "redis://127.0.0.1:6379/14"
SANDBOX_PORT = 8097
SANDBOX = SandboxAdmin(f"http://127.0.0.1:{SANDBOX_PORT}")


def start_sandbox() -> subprocess.Popen:
    """Run the sandbox carrier in its own process with a frozen clock."""
    process = subprocess.Popen(
        [sys.executable, "-m", "postal_sandbox", "--port", str(SANDBOX_PORT), "--speed", "0"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            SANDBOX.stats()
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError("the sandbox did not start")


def reset_sandbox(latency_ms: float) -> None:
    """Forget every shipment; give every answer the carrier latency asked for."""
    SANDBOX.reset()
    if latency_ms:
        SANDBOX.set_faults(slow={"rate": 1.0}, delay_seconds=latency_ms / 1000)


def settings() -> dict:
    return {
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CARRIER_URL": f"http://127.0.0.1:{SANDBOX_PORT}",
        "SECRET_KEY": "bench",
    }


def make_parcels(app, count: int) -> list[int]:
    """Import a generated export (three documents per household), ready it, and pack it."""
    import tempfile

    from bench_intake import generate_csv

    from delivery.core.extensions import db
    from delivery.demo import demo_office
    from delivery.intake.csv_file import read_document_rows
    from delivery.intake.operations import ImportMode, import_documents, mark_ready
    from delivery.models import Document
    from delivery.parcels.packing import pack_household_parcels

    with app.app_context(), tempfile.TemporaryDirectory() as workdir:
        office = demo_office()
        db.session.add(office)
        db.session.commit()
        path = Path(workdir) / "documents.csv"
        generate_csv(path, count * 3)
        with path.open("rb") as handle:
            result = import_documents(
                office, read_document_rows(handle), ImportMode.ALL_OR_NOTHING, None, path.name
            )
        mark_ready(office, [db.session.get(Document, i) for i in result.created_ids], None)
        return [parcel.id for parcel in pack_household_parcels(office)]


def plain_loop(app, parcel_ids: list[int], round_number: int) -> float:
    """Create one shipment per parcel with the client, one call after another."""
    from delivery.core.extensions import db
    from delivery.dispatch.carrier import carrier_client, shipment_request
    from delivery.models import Parcel

    with app.app_context():
        requests_ = [shipment_request(db.session.get(Parcel, i)) for i in parcel_ids]
        client = carrier_client()
        started = time.perf_counter()
        for number, request in enumerate(requests_):
            client.create_shipment(request, idempotency_key=f"plain-loop-{round_number}-{number}")
        return time.perf_counter() - started


def pipeline(app, parcel_ids: list[int], workers: int) -> float:
    """Dispatch with RQ workers already running; time until every shipment is submitted."""
    import sqlalchemy as sa
    from redis import Redis

    from delivery.core.extensions import db
    from delivery.dispatch.operations import dispatch_parcels
    from delivery.models import Office, Parcel, Shipment, ShipmentState

    Redis.from_url(REDIS_URL).flushdb()
    env = os.environ | {f"ANTAR_{key}": value for key, value in settings().items()}
    processes = [
        subprocess.Popen(
            [
                str(Path(sys.executable).with_name("rq")),
                "worker",
                "--with-scheduler",
                "--worker-class",
                "delivery.core.jobs.worker.AppWorker",
                "--url",
                REDIS_URL,
                "antar",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    time.sleep(4)  # let the workers start, as they would be in production
    try:
        with app.app_context():
            office = db.session.scalar(sa.select(Office))
            parcels = [db.session.get(Parcel, i) for i in parcel_ids]
            submitted_shipments = (
                sa.select(sa.func.count())
                .select_from(Shipment)
                .where(Shipment.state == ShipmentState.SUBMITTED)
            )
            earlier = db.session.scalar(submitted_shipments)  # by earlier rounds
            started = time.perf_counter()
            dispatch_parcels(office, parcels, None)
            dispatched = time.perf_counter() - started
            submitted = 0
            while submitted < len(parcel_ids) and time.perf_counter() - started < 300:
                time.sleep(0.02)
                submitted = db.session.scalar(submitted_shipments) - earlier
            elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    if submitted != len(parcel_ids):
        raise RuntimeError(f"only {submitted} of {len(parcel_ids)} shipments were submitted")
    print(f"  of which the dispatch transaction (outbox written, jobs queued): {dispatched:.2f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--carrier-latency-ms",
        type=float,
        default=0,
        help="delay every sandbox answer, as a carrier across a network would",
    )
    parser.add_argument("--rounds", type=int, default=3, help="plain loop, then pipeline")
    options = parser.parse_args()

    from delivery import create_app

    prepare_database(DATABASE_URL)
    sandbox = start_sandbox()
    count = options.parcels
    rounds = []
    try:
        app = create_app(settings())
        all_ids = make_parcels(app, count * options.rounds)
        for number in range(options.rounds):
            parcel_ids = all_ids[number * count : (number + 1) * count]
            reset_sandbox(options.carrier_latency_ms)
            loop_seconds = plain_loop(app, parcel_ids, number)
            reset_sandbox(options.carrier_latency_ms)
            rounds.append((loop_seconds, pipeline(app, parcel_ids, options.workers)))
    finally:
        sandbox.terminate()
    print(
        f"parcels: {count} per round, RQ workers: {options.workers}, "
        f"carrier latency: {options.carrier_latency_ms:g} ms"
    )
    for loop_seconds, pipeline_seconds in rounds:
        loop_rate, pipeline_rate = count / loop_seconds, count / pipeline_seconds
        print(
            f"plain loop {loop_seconds:6.2f} s {loop_rate:7.1f}/s   "
            f"pipeline {pipeline_seconds:6.2f} s {pipeline_rate:7.1f}/s   "
            f"ratio {loop_seconds / pipeline_seconds:.2f}"
        )
    ratio = statistics.median(loop / pipe for loop, pipe in rounds)
    print(
        f"pipeline / plain loop, median of {len(rounds)} rounds: {ratio:.2f} "
        f"(target: at least 0.80)"
    )


if __name__ == "__main__":
    main()
