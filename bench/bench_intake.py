"""Intake benchmark: import a generated CSV of realistic rows into PostgreSQL.

    .venv/bin/python bench/bench_intake.py [--rows 100000] [--database-url postgresql://…]

Reports rows per second and the peak memory of the importing process, for a small file
and the full one, so that memory growth with file size shows, each with the checks against
the official region list on and, beside it, off (the addresses are taken as typed). The rows
spread over every village of Kabupaten Lampung Tengah, written as people write them (case,
"Desa"/"Kel." in front, "Kec." before the district). Uses (and rebuilds) the database named by
--database-url, by default `antar_bench` on the local server.
"""

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GIVEN = [
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Joko",
    "Sri",
    "Eko",
    "Nur",
    "Rahmat",
    "Puji",
    "Wayan",
    "Ketut",
    "Made",
    "Hendra",
    "Rina",
    "Yusuf",
    "Ahmad",
    "Fitri",
    "Teguh",
    "Ratna",
    "Bayu",
]
FAMILY = [
    "Santoso",
    "Wahyuni",
    "Setiawan",
    "Lestari",
    "Susilo",
    "Aminah",
    "Prasetyo",
    "Hidayat",
    "Astuti",
    "Sudarma",
    "Gunawan",
    "Marlina",
    "Effendi",
    "Fauzi",
    "Wibowo",
    "Saputra",
]
LAMPUNG_TENGAH = "18.02"
TYPES = ["ktp_el", "kk", "kia", "akta_kelahiran"]


def regency_villages() -> list[tuple[str, str, str]]:
    """Every village of the regency as (village, district, postal code), as people write them."""
    from delivery.regions.dataset import children

    written = [str.upper, lambda name: f"Desa {name}", lambda name: f"Kel. {name.lower()}", str]
    villages = []
    for district in children(LAMPUNG_TENGAH):
        for village in children(district.code):
            way = written[len(villages) % len(written)]
            villages.append((way(village.name), f"Kec. {district.name}", village.postal_code))
    return villages


def generate_csv(path: Path, rows: int, seed: int = 7) -> None:
    """Write a semicolon-separated export of realistic rows, three documents per household."""
    from delivery.demo import make_nik
    from delivery.intake.fields import CSV_COLUMNS

    rng = random.Random(seed)
    villages = regency_villages()
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for number in range(rows):
            household = number // 3
            village, district, postal_code = villages[household % len(villages)]
            born = date(rng.randint(1950, 2019), rng.randint(1, 12), rng.randint(1, 28))
            writer.writerow(
                [
                    TYPES[number % len(TYPES)],
                    f"DOC-{number:08d}",
                    make_nik(f"{household % 20 + 1:02d}", born, number % 2 == 0, number % 10000),
                    f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    make_nik(
                        "02",
                        date(2016, 1 + household % 12, 1 + household % 28),
                        False,
                        household % 10000,
                    ),
                    f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    f"08{rng.randint(1200000000, 1299999999)}",
                    f"Jl. Merdeka No. {household % 500 + 1}",
                    str(household % 20 + 1),
                    str(household % 9 + 1),
                    village,
                    district,
                    "Kabupaten Lampung Tengah",
                    "Lampung",
                    postal_code,
                    f"LTG-{number:08d}",
                ]
            )


def prepare_database(url: str) -> None:
    """Create the benchmark database if needed and migrate it from scratch."""
    import psycopg
    from flask_migrate import upgrade

    from delivery import create_app
    from delivery.core.extensions import db

    server_url, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def switch_region_checks_off() -> None:
    """Take addresses and population numbers as typed, as intake did before the region list."""
    from delivery.intake import fields, operations
    from delivery.regions.checks import AddressCheck

    fields.is_official_region = lambda number: True
    operations.check_address = lambda values, serving, row=None: AddressCheck(
        values={"region_code": None}
    )


def import_file(url: str, path: Path, checks: bool) -> dict:
    """Import the file as a staff member would, in all-or-nothing mode; measure it."""
    from delivery import create_app
    from delivery.core.extensions import db
    from delivery.demo import demo_office
    from delivery.intake.csv_file import read_document_rows
    from delivery.intake.operations import ImportMode, import_documents

    if not checks:
        switch_region_checks_off()

    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        office = demo_office()
        db.session.add(office)
        db.session.commit()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        with path.open("rb") as handle:
            result = import_documents(
                office, read_document_rows(handle), ImportMode.ALL_OR_NOTHING, None, path.name
            )
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": result.created,
        "rejected": result.rejected_count,
        "seconds": elapsed,
        "rows_per_second": result.created / elapsed,
        "peak_rss_mib": peak / 1024,
        "growth_mib": (peak - rss_before) / 1024,
    }


def measure(url: str, rows: int, workdir: Path, checks: bool) -> dict:
    """Run one import in a fresh process, so its peak memory is its own."""
    path = workdir / f"documents-{rows}.csv"
    if not path.exists():
        generate_csv(path, rows)
    prepare_database(url)
    command = [sys.executable, __file__, "--child", str(path), "--database-url", url]
    output = subprocess.run(
        command + ([] if checks else ["--no-region-checks"]),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(output.splitlines()[-1])
    return result | {"file_mib": path.stat().st_size / 2**20, "checks": checks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/antar_bench"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-region-checks", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        result = import_file(options.database_url, options.child, not options.no_region_checks)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as workdir:
        results = [
            measure(options.database_url, size, Path(workdir), checks)
            for size in (options.rows // 10, options.rows)
            for checks in (True, False)
        ]
    print(
        f"{'rows':>8} {'regions':>8} {'file MiB':>9} {'seconds':>8} {'rows/s':>8} "
        f"{'peak RSS MiB':>13} {'growth MiB':>11}"
    )
    for result in results:
        print(
            f"{result['rows']:>8} {'checked' if result['checks'] else 'off':>8} "
            f"{result['file_mib']:>9.1f} {result['seconds']:>8.2f} "
            f"{result['rows_per_second']:>8.0f} {result['peak_rss_mib']:>13.1f} "
            f"{result['growth_mib']:>11.1f}"
        )
    print("target: at least 5,000 rows/s; growth about the same for both sizes")


if __name__ == "__main__":
    main()
