"""Wrong-answer timing: does a real code with a wrong birth date answer as fast as a made-up code?

    .venv/bin/python bench/bench_wrong_answers.py [--parcels 3000] [--samples 20000]

The tracking page must not tell a stranger which half of the pair was wrong, neither in its
words nor in its time: otherwise timing many tries would sort real codes from made-up ones.
This loads a few thousand parcels into a PostgreSQL database of its own (as
bench_tracking.py does) and times, in one process, POST /api/v1/track for made-up codes and
for real codes with a wrong birth date, shuffled together so that both meet the same machine.
Rate limits are off (each code is tried many times). It reports the quartiles of each, the
difference of their medians, and as the noise floor, the difference between the medians of
two random halves of the made-up codes' own timings.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_intake import prepare_database  # noqa: E402
from bench_tracking import load_parcels  # noqa: E402


def timed_answers(client, tries: list[tuple[str, dict]]) -> dict[str, list[float]]:
    """Post each try in the given order; group the durations (seconds) by kind."""
    durations: dict[str, list[float]] = {}
    for kind, body in tries:
        started = time.perf_counter()
        response = client.post("/api/v1/track", json=body)
        elapsed = time.perf_counter() - started
        if response.status_code != 404:
            sys.exit(f"a {kind} try answered {response.status_code}, not 404: {body}")
        durations.setdefault(kind, []).append(elapsed)
    return durations


def wrong_tries(pairs: list[dict], samples: int, rng: random.Random) -> list[tuple[str, dict]]:
    """Half made-up tracking codes, half real ones with a birth date nobody has. (Application
    references take the same path with a statement of their own; they are left out so that
    both halves run the same statement.)"""
    from delivery.parcels.codes import PREFIX, new_tracking_code

    def nobodys_birth_date() -> str:  # the loaded holders were born in 1950-2019
        return date(rng.randint(1930, 1949), rng.randint(1, 12), rng.randint(1, 28)).isoformat()

    codes = [pair for pair in pairs if pair["code"].startswith(f"{PREFIX}-")]
    tries = []
    for number in range(samples):
        pair = codes[number % len(codes)]
        if number % 2:
            tries.append(
                ("made-up code", {"code": new_tracking_code(), "birth_date": pair["birth_date"]})
            )
        else:
            tries.append(
                ("wrong birth date", {"code": pair["code"], "birth_date": nobodys_birth_date()})
            )
    rng.shuffle(tries)
    return tries


def microseconds(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=3000)
    parser.add_argument("--samples", type=int, default=20000, help="tries in all, both kinds")
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/antar_bench_wrong_answers"
    )
    options = parser.parse_args()
    from delivery import create_app

    prepare_database(options.database_url)
    pairs = load_parcels(options.database_url, options.parcels)
    app = create_app({"DATABASE_URL": options.database_url, "RATELIMIT_ENABLED": False})
    rng = random.Random(8)
    with app.test_client() as client:
        timed_answers(client, wrong_tries(pairs, 1000, rng))  # warm up
        durations = timed_answers(client, wrong_tries(pairs, options.samples, rng))

    print(f"{options.parcels} parcels, {options.samples} tries, shuffled; PostgreSQL; one process")
    print(f"{'kind':<18} {'tries':>6} {'p25':>9} {'median':>9} {'p75':>9}")
    for kind, times in durations.items():
        p25, median, p75 = statistics.quantiles(times, n=4)
        print(
            f"{kind:<18} {len(times):>6} {microseconds(p25):>9} {microseconds(median):>9} "
            f"{microseconds(p75):>9}"
        )
    made_up, wrong_date = durations["made-up code"], durations["wrong birth date"]
    gap = statistics.median(wrong_date) - statistics.median(made_up)
    halves = made_up[:]
    rng.shuffle(halves)
    middle = len(halves) // 2
    noise = abs(statistics.median(halves[:middle]) - statistics.median(halves[middle:]))
    print(f"wrong birth date minus made-up code, medians: {gap * 1e6:+,.0f} µs")
    print(f"noise floor (two random halves of the made-up codes): {noise * 1e6:,.0f} µs")


if __name__ == "__main__":
    main()
