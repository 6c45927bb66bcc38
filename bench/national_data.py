"""A national year of Antar's data, built in PostgreSQL with set-based SQL.

    .venv/bin/python bench/national_data.py \
        --database-url postgresql://postgres@127.0.0.1:5432/bench_national_1m --parcels 1000000

The schema comes from the app's own migrations (run through the app factory), so the tables
and indexes are the code's. Then: one office per regency and city of the official region list
(514, each with its real name, code, province and one of its villages as its address, on its
province's clock), an admin, staff and couriers per office (all with the bench password,
hashed once), and parcels spread over twelve months: one large office (Kabupaten Bogor) holds
5% of them, the other offices share the rest unevenly. Each parcel has its documents (about
1.3: identity cards, family cards, children's cards, certificates), goes to a real village of
its office's regency, and has the dispatch batch, carrier shipment, tracking events and door
visits of its journey, in the shares of a real year: delivered the first time (75%), after
failed attempts (10%), returned (5%), collected at the counter (3%), still open in every open
status (7%, mostly from the last weeks). Events carry the app's dedupe keys, sources, carrier
codes and places; a few arrive late (stale) or after the parcel ended (kept for staff).

The parcels are made in chunks by INSERT ... SELECT over generate_series, one transaction per
chunk, with a progress line. The build grows: run it again with a larger --parcels and it adds
the missing parcels (with their rows) to the same year, so one database can be measured at
1M, then 2M, 3M... Parcel n has id n; its documents, shipment, events and visits have ids
derived from n, so the sequences are moved past them at the end. Each build step goes over the
year once in the order of its parcel ids (the open parcels of the last weeks apart), and writes
each chunk's rows in the order the app would have, so that, as in a table that grew over the
year, the rows of one period lie together on disk; a grown database holds one such pass per
step, interleaved in time.
"""

import argparse
import functools
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "antar-bench-nasional"
LARGE_OFFICE_REGENCY = "32.01"  # Kabupaten Bogor, the most populous regency
LARGE_OFFICE_SHARE = 0.05
OFFICE_SLOTS = 100_000  # the other offices' uneven shares, as slots of a uniform draw
YEAR = timedelta(days=365)
DEFAULT_CHUNK = 100_000
EVENT_IDS_PER_PARCEL = 16  # tracking_event.id and delivery_attempt.id are n * 16 + step
DOCUMENT_IDS_PER_PARCEL = 4  # document.id is n * 4 + k
STALE_STEP, REJECTED_STEP = 14, 15
STAFF_PER_OFFICE, COURIERS_PER_OFFICE = 3, 4
LARGE_OFFICE_STAFF, LARGE_OFFICE_COURIERS = 10, 40
TABLES = (
    "office",
    "user_account",
    "dispatch_batch",
    "parcel",
    "document",
    "shipment",
    "tracking_event",
    "delivery_attempt",
)

# Western, Central and Eastern Indonesian Time by the province's code
MAKASSAR_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
GIVEN = """Budi Siti Agus Dewi Joko Sri Eko Nur Rahmat Puji Wayan Ketut Made Hendra Rina Yusuf
Ahmad Fitri Teguh Ratna Bayu Dimas Nabila Rizky Andi Yuliana Fadli Ayu Zahra Wahyu Lestari
Dian Ikhsan Muhammad Putri Intan Fajar Gilang Anisa Reza Maria Yohanes Yosef Theresia Imam
Hasan Aisyah Kadek Komang Nyoman Rudi Sulastri Suparman Daeng Ambo Ruth Markus""".split()
FAMILY = """Santoso Wahyuni Setiawan Lestari Susilo Aminah Prasetyo Hidayat Astuti Sudarma
Gunawan Marlina Effendi Fauzi Wibowo Saputra Siregar Nasution Harahap Simanjuntak Lubis
Rangkuti Pratama Kurniawan Hutapea Sinaga Pohan Tanjung Wijaya Halim Manurung Sitompul
Rahman Hakim Mahendra Suryadi Permana Nugroho Kusuma Maharani Purba Pasaribu Tambunan
Lumbantobing Latuconsina Wenda Kogoya Pattimura Mandagi Lasut""".split()
STREETS = """Jl. Merdeka|Jl. Sudirman|Jl. Diponegoro|Jl. Ahmad Yani|Jl. Gatot Subroto|Jl. Kartini
|Jl. Pendidikan|Jl. Masjid Al-Ikhlas|Jl. Pahlawan|Jl. Veteran|Jl. Cendana|Jl. Melati
|Jl. Kenanga|Jl. Mawar|Jl. Flamboyan|Gg. Mushola|Gg. Damai|Dusun Sukamaju|Dusun Karang Anyar
|Dusun Krajan|Jl. Raya Desa|Jl. Poros Kecamatan|Perum Griya Asri Blok C|Jl. Hasanuddin""".replace(
    "\n", ""
).split("|")

# Each document kind: its share as a parcel's first document, its number's prefix, its holders'
# birth years. Further documents of a household are cards of its other members.
DOCUMENT_KINDS = (
    ("ktp_el", 0.55, "KTPEL", 1950, 2008),
    ("kk", 0.15, "KK", 1950, 2005),
    ("akta_kelahiran", 0.12, "AKL", 2015, 2025),
    ("kia", 0.10, "KIA", 2010, 2020),
    ("akta_kematian", 0.03, "AKM", 1950, 1990),
    ("akta_perkawinan", 0.02, "AKW", 1970, 2005),
    ("surat_pindah", 0.02, "SKPWNI", 1960, 2005),
    ("akta_perceraian", 0.01, "AKC", 1960, 2000),
)
FURTHER_DOCUMENTS = (("kk", "KK", 1950, 2005), ("ktp_el", "KTPEL", 1950, 2008))
FURTHER_DOCUMENTS += (("kia", "KIA", 2010, 2020),)


@dataclass(frozen=True)
class Step:
    """One event of a journey, `hours` after the parcel's dispatch (at the speed factor 1).

    kind: submitted (the app's, when the carrier took the shipment), carrier (a webhook),
    round (a courier takes it out), visit (a courier at the door), return_rule (the app sends it
    back), counter (collected at the office). place: where the carrier says it happened."""

    kind: str
    status: str
    hours: float
    code: int | None = None
    reason: str | None = None
    place: str | None = None


SUBMITTED = Step("submitted", "submitted", 0.3)
PICKED_UP = Step("carrier", "in_transit", 20, 1010, place="origin")
AT_HUB = Step("carrier", "in_transit", 34, 1030, place="hub")
AT_DELIVERY_OFFICE = Step("carrier", "in_transit", 44, 1050, place="delivery_office")
ON_THE_WAY = (SUBMITTED, PICKED_UP, AT_DELIVERY_OFFICE)


def carrier_out(hours: float, again: bool = False) -> Step:
    return Step("carrier", "out_for_delivery", hours, 2020 if again else 2010, place="office")


def carrier_failed(hours: float, code: int = 4010, reason: str = "not_at_home") -> Step:
    return Step("carrier", "attempt_failed", hours, code, reason, "doorstep")


def carrier_delivered(hours: float, code: int = 3020) -> Step:
    return Step("carrier", "delivered", hours, code, place="doorstep")


def courier_visit(hours: float, reason: str | None = None) -> Step:
    return Step("visit", "attempt_failed" if reason else "delivered", hours, reason=reason)


def back_to_sender(hours: float, reason: str, code: int) -> tuple[Step, ...]:
    """The app's return rule, the carrier's word that it returns, and its arrival back."""
    return (
        Step("return_rule", "returning", hours, reason=reason),
        Step("carrier", "returning", hours + 6, code, reason, "delivery_office"),
        Step("carrier", "returned", hours + 60, 5090, place="sender"),
    )


ROUND = Step("round", "out_for_delivery", 66)
REFUSED = carrier_failed(73, 4030, "refused")
RETURNED_REFUSED = (*ON_THE_WAY, carrier_out(68), REFUSED, *back_to_sender(73, "refused", 5020))
THREE_FAILURES = (
    *ON_THE_WAY,
    carrier_out(68),
    carrier_failed(73),
    carrier_out(92, again=True),
    carrier_failed(97),
    carrier_out(116, again=True),
    carrier_failed(121, 4040, "recipient_moved"),
    *back_to_sender(121, "max_attempts", 5010),
)


@dataclass(frozen=True)
class Journey:
    """A kind of parcel's year: its share, the events it has had, where it stands."""

    name: str
    share: float
    steps: tuple[Step, ...]
    status: str
    dispatched: bool = True
    by_courier: bool = False
    is_open: bool = False

    @property
    def failed_attempts(self) -> int:
        return sum(step.status == "attempt_failed" for step in self.steps)


JOURNEYS = (
    Journey(
        "delivered_by_carrier",
        0.56,
        (*ON_THE_WAY, carrier_out(68), carrier_delivered(73, 3010)),
        "delivered",
    ),
    Journey(
        "delivered_by_courier",
        0.19,
        (*ON_THE_WAY, ROUND, courier_visit(70)),
        "delivered",
        by_courier=True,
    ),
    Journey(
        "delivered_after_a_failure",
        0.07,
        (
            *ON_THE_WAY,
            carrier_out(68),
            carrier_failed(73),
            carrier_out(92, again=True),
            carrier_delivered(97),
        ),
        "delivered",
    ),
    Journey(
        "courier_delivered_after_failures",
        0.03,
        (
            *ON_THE_WAY,
            ROUND,
            courier_visit(70, "not_at_home"),
            Step("round", "out_for_delivery", 90),
            courier_visit(94, "not_at_home"),
            Step("round", "out_for_delivery", 114),
            courier_visit(118),
        ),
        "delivered",
        by_courier=True,
    ),
    Journey("returned_after_three_failures", 0.03, THREE_FAILURES, "returned"),
    Journey("returned_refused", 0.02, RETURNED_REFUSED, "returned"),
    Journey(
        "collected_without_sending",
        0.015,
        (Step("counter", "collected", 30),),
        "collected",
        dispatched=False,
    ),
    Journey(
        "collected_after_return",
        0.015,
        (*RETURNED_REFUSED, Step("counter", "collected", 170)),
        "collected",
    ),
    Journey("open_ready", 0.015, (), "ready", dispatched=False, is_open=True),
    Journey("open_submitted", 0.01, (SUBMITTED,), "submitted", is_open=True),
    Journey("open_in_transit", 0.015, (SUBMITTED, PICKED_UP, AT_HUB), "in_transit", is_open=True),
    Journey(
        "open_out_for_delivery",
        0.01,
        (*ON_THE_WAY, carrier_out(68)),
        "out_for_delivery",
        is_open=True,
    ),
    Journey(
        "open_with_courier",
        0.005,
        (*ON_THE_WAY, ROUND),
        "out_for_delivery",
        by_courier=True,
        is_open=True,
    ),
    Journey(
        "open_attempt_failed",
        0.01,
        (*ON_THE_WAY, carrier_out(68), carrier_failed(73)),
        "attempt_failed",
        is_open=True,
    ),
    Journey(
        "open_returning",
        0.004,
        (*ON_THE_WAY, carrier_out(68), REFUSED, *back_to_sender(73, "refused", 5020)[:2]),
        "returning",
        is_open=True,
    ),
    Journey(
        "open_exception",
        0.006,
        (*ON_THE_WAY, Step("carrier", "exception", 50, 6030, "held", "delivery_office")),
        "exception",
        is_open=True,
    ),
)
STALE_SHARE = 0.01  # a carrier scan that arrives after a later one: recorded, outcome stale
REJECTED_SHARE = 0.002  # a carrier scan after the parcel was delivered: kept for staff
SMALLEST_PHOTO = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")  # a JPEG's frame


@dataclass
class BuildResult:
    parcels_before: int
    parcels: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    database_bytes: int = 0


def progress(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------- schema and the offices


def prepare_schema(database_url: str) -> None:
    """Create the database if needed and bring it to the app's newest migration."""
    import psycopg
    from flask_migrate import upgrade

    from delivery import create_app
    from delivery.core.extensions import db

    server_url, _sep, name = database_url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        upgrade()
        db.engine.dispose()


def office_code(regency_code: str) -> str:
    return regency_code.replace(".", "")


def time_zone_of(regency_code: str) -> str:
    province = regency_code[:2]
    if province >= "81":
        return "Asia/Jayapura"
    return "Asia/Makassar" if province in MAKASSAR_PROVINCES else "Asia/Jakarta"


@functools.cache
def official_regencies() -> list[dict]:
    """Every regency and city with its districts and villages (from the region dataset)."""
    from delivery.regions.dataset import children

    regencies = []
    for province in children(""):
        for regency in children(province.code):
            villages = [
                (village.name, district.name, village.postal_code or "00000", village.code)
                for district in children(regency.code)
                for village in children(district.code)
            ]
            regencies.append(
                {"code": regency.code, "name": regency.name, "province": province.name}
                | {"villages": villages}
            )
    regencies.sort(key=lambda regency: regency["code"] != LARGE_OFFICE_REGENCY)
    return regencies


def create_offices(connection, year_start: datetime) -> None:
    """Add the 514 offices and their people, unless the database has them already."""
    from werkzeug.security import generate_password_hash

    if connection.execute("SELECT count(*) FROM office").fetchone()[0]:
        return
    password_hash = generate_password_hash(BENCH_PASSWORD)
    regencies = official_regencies()
    for number, regency in enumerate(regencies):
        village, district, postal_code, _code = regency["villages"][0]
        code = office_code(regency["code"])
        office_id = connection.execute(
            """INSERT INTO office (code, name, regency, province, address, village, district,
                   postal_code, phone, opening_hours, receiver_policy, verification_method,
                   attempts_before_return, counter_hold_days, service_level_days, time_zone,
                   retention_days, representative_with_letter, delivery_fee,
                   takes_back_old_card, created_at)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'Senin–Jumat 08.00–15.00',
                   'household', 'one_time_code', 3, 14, 7, %s, 90, false, 0, false, %s)
               RETURNING id""",
            (
                code,
                f"Disdukcapil {regency['name']}",
                regency["name"],
                regency["province"],
                f"{STREETS[number % len(STREETS)]} No. {number % 90 + 1}",
                village,
                district,
                postal_code,
                f"+62 {number % 900 + 100} {number:03d} {number % 1000:03d}",
                time_zone_of(regency["code"]),
                year_start,
            ),
        ).fetchone()[0]
        large = regency["code"] == LARGE_OFFICE_REGENCY
        people = [(f"admin.{code}", "admin", "Kepala Seksi")]
        people += [
            (f"staf{i}.{code}", "staff", "Petugas Layanan")
            for i in range(1, (LARGE_OFFICE_STAFF if large else STAFF_PER_OFFICE) + 1)
        ]
        people += [
            (f"kurir{i}.{code}", "courier", "Kurir Desa")
            for i in range(1, (LARGE_OFFICE_COURIERS if large else COURIERS_PER_OFFICE) + 1)
        ]
        if large:
            people.append(("supervisor.nasional", "supervisor", "Pengawas Nasional"))
        with connection.cursor() as cursor:
            cursor.executemany(
                """INSERT INTO user_account (office_id, username, full_name, role, password_hash,
                       active, created_at, failed_sign_ins, must_change_password)
                   VALUES (%s, %s, %s, %s, %s, true, %s, 0, false)""",
                [
                    (office_id, username, f"{title} {number + 1}", role, password_hash, year_start)
                    for username, role, title in people
                ],
            )
    connection.commit()


def load_helper_tables(connection) -> None:
    """Temporary tables the chunks draw from: offices, their villages, couriers and shares."""
    connection.execute(
        """CREATE TEMP TABLE bench_office AS
           SELECT o.id, o.code, o.name, o.regency, o.province, o.time_zone AS tz,
                  0 AS village_count,
                  (SELECT min(u.id) FROM user_account u
                    WHERE u.office_id = o.id AND u.role = 'staff') AS staff_id,
                  (SELECT count(*) FROM user_account u
                    WHERE u.office_id = o.id AND u.role = 'courier') AS courier_count,
                  (SELECT min(u.id) FROM user_account u
                    WHERE u.office_id = o.id AND u.role = 'courier') AS first_courier_id
           FROM office o"""
    )
    connection.execute(
        """CREATE TEMP TABLE bench_village (office_id int, idx int, village text,
               district text, postal_code text, region_code text)"""
    )
    offices = dict(connection.execute("SELECT code, id FROM bench_office").fetchall())
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY bench_village (office_id, idx, village, district, postal_code, region_code) "
            "FROM STDIN"
        ) as copy,
    ):
        for regency in official_regencies():
            office_id = offices.get(office_code(regency["code"]))
            for idx, (village, district, postal_code, code) in enumerate(regency["villages"]):
                copy.write_row((office_id, idx, village, district, postal_code, code))
    connection.execute("CREATE INDEX ON bench_village (office_id, idx)")
    connection.execute(
        """UPDATE bench_office o SET village_count =
           (SELECT count(*) FROM bench_village v WHERE v.office_id = o.id)"""
    )
    load_office_slots(connection)
    load_journeys(connection)
    load_document_kinds(connection)
    connection.execute(
        "ANALYZE bench_office, bench_village, bench_office_slot, bench_journey, bench_step, "
        "bench_document_kind"
    )


def load_office_slots(connection) -> None:
    """The offices other than the large one, each with slots in proportion to its share: a
    few large regencies, many small ones (shares fall as 1 / (rank + 5)^0.9, in an order fixed
    by the office's code)."""
    others = [
        row[0]
        for row in connection.execute(
            "SELECT id FROM bench_office WHERE code <> %s ORDER BY md5(code)",
            (office_code(LARGE_OFFICE_REGENCY),),
        )
    ]
    weights = [1 / (rank + 5) ** 0.9 for rank in range(1, len(others) + 1)]
    total = sum(weights)
    connection.execute("CREATE TEMP TABLE bench_office_slot (slot int PRIMARY KEY, office_id int)")
    with connection.cursor() as cursor, cursor.copy("COPY bench_office_slot FROM STDIN") as copy:
        slot, reached = 0, 0.0
        for office_id, weight in zip(others, weights, strict=True):
            reached += weight / total
            while slot < OFFICE_SLOTS and (slot + 0.5) / OFFICE_SLOTS <= reached:
                copy.write_row((slot, office_id))
                slot += 1
        while slot < OFFICE_SLOTS:
            copy.write_row((slot, others[-1]))
            slot += 1


def load_journeys(connection) -> None:
    """The journeys with their shares as ranges of a uniform draw, and their steps."""
    connection.execute(
        """CREATE TEMP TABLE bench_journey (name text PRIMARY KEY, lo float8, hi float8,
               status text, dispatched bool, by_courier bool, is_open bool,
               failed_attempts int, last_step int, last_hours float8)"""
    )
    connection.execute(
        """CREATE TEMP TABLE bench_step (journey text, step int, kind text, status text,
               hours float8, code text, reason text, place text, PRIMARY KEY (journey, step))"""
    )
    total = sum(journey.share for journey in JOURNEYS)
    low = 0.0
    for journey in JOURNEYS:
        high = low + journey.share / total
        connection.execute(
            "INSERT INTO bench_journey VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                journey.name,
                low,
                high if journey is not JOURNEYS[-1] else 1.0,
                journey.status,
                journey.dispatched,
                journey.by_courier,
                journey.is_open,
                journey.failed_attempts,
                len(journey.steps),
                journey.steps[-1].hours if journey.steps else 0,
            ),
        )
        low = high
        for number, step in enumerate(journey.steps, start=1):
            connection.execute(
                "INSERT INTO bench_step VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    journey.name,
                    number,
                    step.kind,
                    step.status,
                    step.hours,
                    str(step.code) if step.code else None,
                    step.reason,
                    step.place,
                ),
            )


# ---------------------------------------------------------------- one chunk of parcels

# When a parcel's step happened: its dispatch, plus the step's hours at the parcel's speed,
# plus a few minutes per step so that two steps at the same hour stay in order.
STEP_TIME = "c.base + make_interval(secs => s.hours * c.speed * 3600 + s.step * 180)"
LAST_STEP_TIME = "c.base + make_interval(secs => c.last_hours * c.speed * 3600 + c.last_step * 180)"

CHUNK_SQL = f"""
CREATE TEMP TABLE chunk ON COMMIT DROP AS
WITH drawn AS (
    SELECT n, random() AS u_large, random() AS u_office, random() AS u_journey,
           random() AS u_time, random() AS u_hour, random() AS u_recent, random() AS u_village,
           0.8 + 0.8 * random() AS speed
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
), placed AS (
    SELECT d.*, CASE WHEN d.u_large < {LARGE_OFFICE_SHARE} THEN %(large_office)s
                     ELSE s.office_id END AS office_id
    FROM drawn d JOIN bench_office_slot s ON s.slot = floor(d.u_office * {OFFICE_SLOTS})::int
), chosen AS (
    SELECT p.*, j.name AS journey, j.status, j.dispatched, j.by_courier, j.is_open,
           j.failed_attempts, j.last_step, j.last_hours,
           -- how long before the year's end the parcel must be packed for its journey so far
           make_interval(secs => j.last_hours * 1.6 * 3600 + 40 * 3600) AS span
    FROM placed p JOIN bench_journey j ON p.u_journey >= j.lo AND p.u_journey < j.hi
), dated AS (
    SELECT c.*, o.code AS office_code, o.name AS office_name, o.regency, o.province, o.tz,
           o.staff_id, o.village_count,
           CASE WHEN c.by_courier THEN o.first_courier_id + (c.n %% o.courier_count)::int END
               AS courier_id,
           -- most open parcels are from the last weeks; the rest, and all ended ones, in
           -- the order of their ids over the year (each build step goes over it once)
           CASE WHEN c.is_open AND c.u_recent < 0.85
                THEN %(year_end)s::timestamptz - c.span
                     - make_interval(days => (c.u_time ^ 2 * 14)::int)
                ELSE %(year_start)s::timestamptz
                     + (%(year_end)s::timestamptz - c.span - %(year_start)s::timestamptz)
                       * ((c.n - %(step_first)s + c.u_time) / (%(step_last)s - %(step_first)s + 1))
           END AS drawn_at
    FROM chosen c JOIN bench_office o ON o.id = c.office_id
), working_day AS (
    SELECT d.*, date_trunc('day', d.drawn_at AT TIME ZONE d.tz)
                - make_interval(days => greatest(
                      extract(isodow FROM d.drawn_at AT TIME ZONE d.tz)::int - 5, 0))
                AS day_start
    FROM dated d
)
SELECT w.n, w.office_id, w.office_code, w.office_name, w.regency, w.province, w.tz,
       w.journey, w.status, w.dispatched, w.by_courier, w.is_open, w.failed_attempts,
       w.last_step, w.last_hours, w.speed, w.courier_id, w.staff_id,
       -- packed during office hours, dispatched at half past three the same day
       (w.day_start + make_interval(secs => 8 * 3600 + w.u_hour * 7 * 3600)) AT TIME ZONE w.tz
           AS packed_at,
       CASE WHEN w.dispatched THEN (w.day_start + interval '15 hours 30 minutes') AT TIME ZONE w.tz
            ELSE (w.day_start + make_interval(secs => 8 * 3600 + w.u_hour * 7 * 3600))
                 AT TIME ZONE w.tz
       END AS base,
       v.village, v.district, v.postal_code, v.region_code,
       substr(replace(v.region_code, '.', ''), 1, 6) AS nik_region,
       (%(given)s::text[])[1 + (random() * (cardinality(%(given)s::text[]) - 1))::int]
           || ' '
           || (%(family)s::text[])[1 + (random() * (cardinality(%(family)s::text[]) - 1))::int]
           AS recipient_name,
       '08' || (ARRAY['12','13','21','22','52','53','57','77','78','95','96','81'])
               [1 + (random() * 11)::int] || lpad((random() * 99999999)::int::text, 8, '0')
           AS recipient_phone,
       (%(streets)s::text[])[1 + (random() * (cardinality(%(streets)s::text[]) - 1))::int]
           || ' No. ' || (1 + (random() * 150)::int) AS street,
       lpad((1 + (random() * 14)::int)::text, 3, '0') AS rt,
       lpad((1 + (random() * 7)::int)::text, 3, '0') AS rw,
       CASE WHEN random() < 0.75 THEN 1 WHEN random() < 0.8 THEN 2 ELSE 3 END AS documents,
       random() AS u_document, random() AS u_extra,
       substr(replace(v.region_code, '.', ''), 1, 6)
           || to_char(w.day_start - make_interval(days => (random() * 3000)::int), 'DDMMYY')
           || lpad((w.n %% 9999 + 1)::text, 4, '0') AS kk_number,
       NULL::text AS first_nik
FROM working_day w
JOIN bench_village v ON v.office_id = w.office_id
                    AND v.idx = least(floor(w.u_village * w.village_count)::int,
                                      w.village_count - 1)
"""

# The columns each table gets and the expression giving each. A column another migration adds
# (an office_id on tracking events, say) is one more pair here.
# the recipient and address, copied from the chunk's row to its parcel and documents alike
ADDRESS_COLUMNS = {
    name: f"c.{name}"
    for name in (
        "recipient_name",
        "recipient_phone",
        "street",
        "rt",
        "rw",
        "village",
        "district",
        "regency",
        "province",
        "postal_code",
        "region_code",
    )
}
PARCEL_COLUMNS = {
    "id": "c.n",
    "office_id": "c.office_id",
    "batch_id": "b.id",
    "courier_id": "c.courier_id",
    "tracking_code": "pg_temp.tracking_code(c.n)",
    "qr_token": "pg_temp.qr_token(c.n)",
    "status": "c.status",
    "status_changed_at": f"CASE WHEN c.last_step = 0 THEN c.packed_at ELSE {LAST_STEP_TIME} END",
    "household_key": """encode(sha256(convert_to(concat_ws('|', c.kk_number, lower(c.street),
        c.rt, c.rw, lower(c.village), lower(c.district), c.postal_code), 'UTF8')), 'hex')""",
    **ADDRESS_COLUMNS,
    "failed_attempts": "c.failed_attempts",
    "verification_failures": "0",
    "created_at": "c.packed_at",
}
DOCUMENT_COLUMNS = {
    "id": f"c.n * {DOCUMENT_IDS_PER_PARCEL} + k",
    "office_id": "c.office_id",
    "parcel_id": "c.n",
    "document_type": "kind.kind",
    "document_number": "kind.prefix || '-' || extract(year FROM c.packed_at) || '-' "
    "|| lpad(c.n::text, 8, '0') || k",
    "status": "'packed'",
    "holder_nik": """c.nik_region
        || lpad((extract(day FROM d.born)::int + CASE WHEN d.woman THEN 40 ELSE 0 END)::text,
                2, '0')
        || to_char(d.born, 'MMYY') || lpad(((c.n * 4 + k) %% 9999 + 1)::text, 4, '0')""",
    "holder_name": """CASE WHEN k = 0 THEN c.recipient_name ELSE
        (%(given)s::text[])[1 + (random() * (cardinality(%(given)s::text[]) - 1))::int] || ' '
        || split_part(c.recipient_name, ' ', 2) END""",
    "kk_number": "c.kk_number",
    **ADDRESS_COLUMNS,
    "application_ref": "c.office_code || '-' || extract(year FROM c.packed_at) || '-' "
    "|| lpad((c.n * 4 + k)::text, 9, '0')",
    "created_at": "c.packed_at - make_interval(secs => 86400 + random() * 6 * 86400)",
}
SHIPMENT_COLUMNS = {
    "id": "c.n",
    "parcel_id": "c.n",
    "idempotency_key": "'antar-' || c.office_code || '-' || c.n || '-1'",
    "state": "'submitted'",
    "carrier_shipment_id": "'shp_' || substr(md5('shipment:' || c.n || %(salt)s), 1, 16)",
    "carrier_tracking_number": "pg_temp.s10_number(c.n)",
    "submission_attempts": "1",
    "created_at": "c.base",
    "submitted_at": "c.base + make_interval(secs => 0.3 * c.speed * 3600 + 180)",
}
EVENT_COLUMNS = {
    "id": f"c.n * {EVENT_IDS_PER_PARCEL} + s.step",
    "parcel_id": "c.n",
    "dedupe_key": """CASE s.kind
        WHEN 'submitted' THEN 'submitted:' || c.n
        WHEN 'carrier' THEN 'carrier:evt_' || substr(md5('event:' || c.n || ':' || s.step
                                                         || %(salt)s), 1, 20)
        WHEN 'return_rule' THEN 'return-rule:' || (c.n * 16 + s.step - 1)
        WHEN 'counter' THEN 'staff:' || pg_temp.event_uuid(c.n, s.step)
        ELSE 'courier:' || pg_temp.event_uuid(c.n, s.step) END""",
    "source": """CASE s.kind WHEN 'carrier' THEN 'carrier_webhook'
        WHEN 'round' THEN 'courier' WHEN 'visit' THEN 'courier' WHEN 'counter' THEN 'staff'
        ELSE 'system' END""",
    "status": "s.status",
    "reason": "s.reason",
    "carrier_code": "s.code",
    "location": """CASE s.place
        WHEN 'origin' THEN 'Kantor Pos ' || c.regency
        WHEN 'hub' THEN 'Mail Processing Center ' || c.province
        WHEN 'delivery_office' THEN 'Kantor Pos ' || c.district
        WHEN 'office' THEN 'Kantor Pos ' || c.district
        WHEN 'doorstep' THEN c.village || ', ' || c.district
        WHEN 'sender' THEN c.office_name || ', ' || c.regency END""",
    "occurred_at": STEP_TIME,
    "received_at": f"""{STEP_TIME} + CASE s.kind WHEN 'carrier' THEN
        make_interval(secs => 2 + random() * 90) WHEN 'visit' THEN interval '2 seconds'
        ELSE interval '0 seconds' END""",
    "outcome": "'applied'",
    "note": """CASE s.kind
        WHEN 'submitted' THEN pg_temp.s10_number(c.n)
        WHEN 'return_rule' THEN CASE WHEN s.reason = 'max_attempts' THEN '3 / 3' ELSE '1 / 3' END
        WHEN 'counter' THEN 'KTP-el …' || right(c.first_nik, 4) END""",
    "actor_id": """CASE WHEN s.kind IN ('round', 'visit') THEN c.courier_id
        WHEN s.kind = 'counter' THEN c.staff_id END""",
}
ATTEMPT_COLUMNS = {
    "id": f"c.n * {EVENT_IDS_PER_PARCEL} + s.step",
    "parcel_id": "c.n",
    "courier_id": "CASE WHEN s.kind = 'visit' THEN c.courier_id END",
    "client_event_id": """CASE WHEN s.kind = 'counter'
        THEN 'counter:' || pg_temp.event_uuid(c.n, s.step)
        ELSE pg_temp.event_uuid(c.n, s.step)::text END""",
    "delivered": "s.status IN ('delivered', 'collected')",
    "reason": "s.reason",
    "receiver_name": "CASE WHEN s.status IN ('delivered', 'collected') THEN c.recipient_name END",
    "receiver_relation": """CASE WHEN s.status NOT IN ('delivered', 'collected') THEN NULL
        WHEN s.kind = 'counter' OR c.n %% 5 < 3 THEN 'holder' ELSE 'household_member' END""",
    "verified_by": """CASE WHEN s.kind = 'counter' THEN 'id_at_counter'
        WHEN s.status = 'delivered' THEN 'one_time_code' END""",
    # the proof photo is kept for the office's retention period (90 days) after the parcel ended
    "photo": f"""CASE WHEN s.kind = 'visit' AND s.status = 'delivered'
        AND {STEP_TIME} > %(year_end)s::timestamptz - interval '90 days' THEN %(photo)s END""",
    "photo_content_type": """CASE WHEN s.kind = 'visit' AND s.status = 'delivered'
        THEN 'image/jpeg' END""",
    "note": "CASE WHEN s.kind = 'counter' THEN 'KTP-el …' || right(c.first_nik, 4) END",
    "occurred_at": STEP_TIME,
    "received_at": f"{STEP_TIME} + interval '2 seconds'",
}


# Columns that later migrations add, with the expression that fills each; each goes into the
# INSERT when the table has it (the schema is the app's, whatever its revision)
ADDED_COLUMNS = {
    "tracking_event": {"office_id": "c.office_id"},  # the parcel's office
    "shipment": {"office_id": "c.office_id"},
}


# The rows of a chunk are written in the order the app would have written them, so that the
# rows of one period lie together on disk as in a table that grew over the year
WRITTEN = {
    "parcel": "created_at",
    "document": "created_at",
    "shipment": "created_at",
    "tracking_event": "received_at",
    "delivery_attempt": "received_at",
}


def insert_sql(
    table: str, columns: dict[str, str], source: str, table_columns: dict[str, set[str]]
) -> str:
    """INSERT INTO table (columns) SELECT expressions FROM source, with the added columns the
    table has."""
    added = ADDED_COLUMNS.get(table, {})
    columns = columns | {name: added[name] for name in added if name in table_columns[table]}
    names = ", ".join(columns)
    values = ",\n       ".join(f"{expression} AS {name}" for name, expression in columns.items())
    return f"INSERT INTO {table} ({names})\nSELECT {values}\n{source}\nORDER BY {WRITTEN[table]}"


# Each document of a parcel: its kind, its holder's birth date and sex (drawn from the
# document's id, so that each document has its own)
DOCUMENTS_SOURCE = """FROM chunk c
CROSS JOIN LATERAL generate_series(0, c.documents - 1) AS k
JOIN bench_document_kind kind
  ON kind.slot = CASE WHEN k = 0 THEN 0 ELSE 1 + (k - 1) %% 3 END
 AND c.u_document >= kind.lo AND c.u_document < kind.hi
CROSS JOIN LATERAL (
    SELECT kind.born_from + (abs(hashint8extended(c.n * 4 + k, %(seed)s)) %% kind.born_days)::int
               AS born,
           hashint8extended(c.n * 4 + k, %(seed)s + 1) %% 2 = 0 AS woman
) AS d"""
# One batch per office and working day: the day's batch of an earlier build step is reused
BATCH_SQL = (
    """CREATE TEMP TABLE chunk_batch ON COMMIT DROP AS
SELECT coalesce(b.id, nextval('dispatch_batch_id_seq')) AS id, day.office_id, day.base,
       day.staff_id, b.id IS NULL AS is_new
FROM (SELECT DISTINCT office_id, base, staff_id FROM chunk WHERE dispatched) AS day
LEFT JOIN dispatch_batch b ON b.office_id = day.office_id AND b.created_at = day.base""",
    """INSERT INTO dispatch_batch (id, office_id, created_by_id, created_at, pickup_requested_at,
                            pickup_reference)
SELECT id, office_id, staff_id, base, base + interval '5 minutes',
       'pku_' || substr(md5('pickup:' || id || %(salt)s), 1, 16)
FROM chunk_batch
WHERE is_new""",
)


def late_event(step: int, status: str, code: int, outcome: str, **times: str) -> dict:
    """The columns of a carrier scan that arrived late."""
    return (
        EVENT_COLUMNS
        | {
            "id": f"c.n * {EVENT_IDS_PER_PARCEL} + {step}",
            "dedupe_key": "'carrier:evt_' || "
            f"substr(md5('late:{step}:' || c.n || %(salt)s), 1, 20)",
            "source": "'carrier_webhook'",
            "status": f"'{status}'",
            "reason": "NULL",
            "carrier_code": f"'{code}'",
            "location": "'Kantor Pos ' || c.district",
            "outcome": f"'{outcome}'",
            "note": "NULL",
            "actor_id": "NULL",
        }
        | times
    )


def late_events_sql(table_columns: dict[str, set[str]]) -> list[str]:
    """A few carrier scans that arrive late: one older than the parcel's status (stale), one
    after the parcel was delivered (rejected, kept for staff)."""
    scanned_after_the_hub = ", ".join(
        f"'{journey.name}'"
        for journey in JOURNEYS
        if journey.dispatched and len(journey.steps) > 3 and AT_HUB not in journey.steps
    )
    stale = late_event(
        STALE_STEP,
        "in_transit",
        AT_HUB.code,
        "stale",
        occurred_at=f"c.base + make_interval(secs => {AT_HUB.hours} * c.speed * 3600)",
        received_at=f"{LAST_STEP_TIME} + interval '1 hour'",
    )
    rejected = late_event(
        REJECTED_STEP,
        "out_for_delivery",
        2020,
        "rejected",
        occurred_at=f"{LAST_STEP_TIME} + interval '3 hours'",
        received_at=f"{LAST_STEP_TIME} + interval '3 hours 1 minute'",
    )
    delivered_by_carrier = "'delivered_by_carrier', 'delivered_after_a_failure'"
    return [
        insert_sql(
            "tracking_event",
            stale,
            f"FROM chunk c WHERE c.journey IN ({scanned_after_the_hub}) "
            f"AND c.u_extra < {STALE_SHARE}",
            table_columns,
        ),
        insert_sql(
            "tracking_event",
            rejected,
            f"FROM chunk c WHERE c.journey IN ({delivered_by_carrier}) "
            f"AND c.u_extra > {1 - REJECTED_SHARE}",
            table_columns,
        ),
    ]


def chunk_statements(table_columns: dict[str, set[str]]) -> list[str]:
    """The statements that add one chunk of parcels with everything they have, for the
    tables' columns as they are (`table_columns`)."""
    steps = "FROM chunk c JOIN bench_step s ON s.journey = c.journey"
    return [
        CHUNK_SQL,
        "ANALYZE chunk",
        *BATCH_SQL,
        insert_sql(
            "parcel",
            PARCEL_COLUMNS,
            "FROM chunk c LEFT JOIN chunk_batch b ON b.office_id = c.office_id AND b.base = c.base"
            " AND c.dispatched",
            table_columns,
        ),
        insert_sql("document", DOCUMENT_COLUMNS, DOCUMENTS_SOURCE, table_columns),
        """UPDATE chunk c SET first_nik = d.holder_nik FROM document d
           WHERE d.id = c.n * 4""",
        insert_sql("shipment", SHIPMENT_COLUMNS, "FROM chunk c WHERE c.dispatched", table_columns),
        insert_sql("tracking_event", EVENT_COLUMNS, steps, table_columns),
        insert_sql(
            "delivery_attempt",
            ATTEMPT_COLUMNS,
            f"{steps} WHERE s.kind IN ('visit', 'counter')",
            table_columns,
        ),
        *late_events_sql(table_columns),
    ]


FUNCTIONS_SQL = """
-- A tracking code in the app's format (AN-XXXX-XXXX, codes.py): seven characters of its
-- alphabet from n by an affine bijection of 30^7 (distinct n, distinct codes), and the Luhn
-- mod 30 check character as python-stdnum computes it.
CREATE FUNCTION pg_temp.tracking_code(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH number AS (SELECT (n * 7368787 + 1234567) %% 21870000000 AS value),
    digits AS (
        SELECT i, ((SELECT value FROM number) / (30::bigint ^ (6 - i))::bigint %% 30)::int AS d
        FROM generate_series(0, 6) AS i
    ),
    check_value AS (
        SELECT (30 - sum(CASE WHEN i %% 2 = 0 THEN (2 * d) / 30 + (2 * d) %% 30 ELSE d END)
                %% 30)::int %% 30 AS c
        FROM digits
    ),
    body AS (
        SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', d + 1, 1), '' ORDER BY i)
               || substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', (SELECT c FROM check_value) + 1, 1)
               AS text
        FROM digits
    )
    SELECT 'AN-' || substr(text, 1, 4) || '-' || substr(text, 5, 4) FROM body
$$;
-- The label's QR token: 18 bytes in URL-safe base64, like secrets.token_urlsafe(18)
CREATE FUNCTION pg_temp.qr_token(n bigint) RETURNS text LANGUAGE sql AS $$
    SELECT translate(encode(substr(sha256(convert_to('qr:' || n || %(salt)s, 'UTF8')), 1, 18),
                            'base64'), '+/', '-_')
$$;
-- A UPU S10 registered-mail number, as the carrier gives them (RR12345678 5 ID)
CREATE FUNCTION pg_temp.s10_number(n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    WITH serial AS (SELECT lpad((n %% 100000000)::text, 8, '0') AS digits),
    weighted AS (
        SELECT 11 - sum(substr(digits, i, 1)::int * (ARRAY[8, 6, 4, 2, 3, 5, 9, 7])[i]) %% 11
               AS check_digit
        FROM serial, generate_series(1, 8) AS i
    )
    SELECT 'RR' || digits || CASE check_digit WHEN 10 THEN 0 WHEN 11 THEN 5
                                  ELSE check_digit END || 'ID'
    FROM serial, weighted
$$;
-- The id a courier's phone or the counter gives an event
CREATE FUNCTION pg_temp.event_uuid(n bigint, step int) RETURNS uuid LANGUAGE sql AS $$
    SELECT md5('visit:' || n || ':' || step || %(salt)s)::uuid
$$;
"""


def load_document_kinds(connection) -> None:
    """The parcel's first document by its kind's share (slot 0); further ones are cards of
    other members of the household (slots 1, 2, 3, taken in turn)."""
    connection.execute(
        """CREATE TEMP TABLE bench_document_kind (slot int, lo float8, hi float8, kind text,
               prefix text, born_from date, born_days int)"""
    )
    rows, low = [], 0.0
    for number, (kind, share, prefix, born_from, born_to) in enumerate(DOCUMENT_KINDS):
        high = 1.0 if number == len(DOCUMENT_KINDS) - 1 else low + share
        rows.append((0, low, high, kind, prefix, *birth_range(born_from, born_to)))
        low = high
    for slot, (kind, prefix, born_from, born_to) in enumerate(FURTHER_DOCUMENTS, start=1):
        rows.append((slot, 0.0, 1.0, kind, prefix, *birth_range(born_from, born_to)))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_document_kind VALUES (%s, %s, %s, %s, %s, %s, %s)", rows
        )


def birth_range(born_from: int, born_to: int) -> tuple[date, int]:
    """The first possible birth date and how many days the range spans."""
    first = date(born_from, 1, 1)
    return first, (date(born_to, 12, 31) - first).days


# ---------------------------------------------------------------- the build


def year_bounds(connection) -> tuple[datetime, datetime]:
    """The year the data covers: from the offices' creation (the first build's day a year
    ago) to a year later, the same for every growth of the database."""
    start = connection.execute("SELECT min(created_at) FROM office").fetchone()[0]
    if start is None:
        start = datetime.now(UTC).replace(microsecond=0) - YEAR
    return start, start + YEAR


def large_office_id(connection) -> int:
    return connection.execute(
        "SELECT id FROM office WHERE code = %s", (office_code(LARGE_OFFICE_REGENCY),)
    ).fetchone()[0]


def table_columns(connection) -> dict[str, set[str]]:
    """Each table's columns as the migrations left them."""
    columns: dict[str, set[str]] = {}
    for table, column in connection.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    ):
        columns.setdefault(table, set()).add(column)
    return columns


def add_parcels(connection, first: int, last: int, parameters: dict) -> tuple[int, dict]:
    """Add parcels first..last with their documents, batches, shipments, events and visits;
    return how many rows were written, and the seconds spent on each table."""
    written, seconds = 0, defaultdict(float)
    with connection.cursor() as cursor:
        for statement in chunk_statements(table_columns(connection)):
            started = time.monotonic()
            cursor.execute(statement, parameters | {"first": first, "last": last})
            seconds[written_table(statement)] += time.monotonic() - started
            if statement.lstrip().startswith("INSERT"):
                written += cursor.rowcount
    started = time.monotonic()
    connection.commit()
    seconds["commit"] = time.monotonic() - started
    return written, seconds


def written_table(statement: str) -> str:
    """The table a statement writes ("chunk" for the chunk's own temporary tables)."""
    found = re.match(r"\s*INSERT INTO (\w+)", statement)
    return found.group(1) if found else "chunk"


def move_sequences_past_ids(connection) -> None:
    """Let the app's next rows get ids past the ones the build chose itself."""
    for table in ("parcel", "document", "shipment", "tracking_event", "delivery_attempt"):
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"greatest((SELECT max(id) FROM {table}), 1))"
        )
    connection.commit()


def keep_counts_as_a_worker_would(database_url: str) -> None:
    """Run the periodic work that keeps the counts the pages read (counts per status, the
    offices' recent months), as the workers would have done while the year's data came in."""
    from delivery import create_app
    from delivery.core.extensions import db
    from delivery.reports.tasks import count_offices_recent_months
    from delivery.status_counts.tasks import merge_status_count_changes

    app = create_app({"DATABASE_URL": database_url})
    with app.app_context():
        for task in (merge_status_count_changes, count_offices_recent_months):
            started = time.monotonic()
            done = task()
            db.session.commit()
            progress(f"{task.__name__}: {done} in {time.monotonic() - started:.0f} s")
        db.engine.dispose()


def vacuum_and_analyze(connection) -> None:
    """Give the planner its statistics, and mark the new pages all-visible (index-only scans)
    as autovacuum would have long done on a year's data."""
    started = time.monotonic()
    connection.autocommit = True
    for table in TABLES:
        connection.execute(f"VACUUM (ANALYZE) {table}")
    connection.autocommit = False
    progress(f"VACUUM (ANALYZE): {time.monotonic() - started:.0f} s")


def row_counts(connection) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
    }


def build(database_url: str, parcels: int, chunk: int = DEFAULT_CHUNK) -> BuildResult:
    """Bring the database to `parcels` parcels of a national year; return what it took."""
    import psycopg

    started = time.monotonic()
    prepare_schema(database_url)
    with psycopg.connect(database_url) as connection:
        # each statement runs once over a chunk: compiling it (JIT) costs more than it saves
        connection.execute("SET jit = off")
        connection.execute("SET work_mem = '64MB'")  # a chunk's events sort in memory
        year_start, year_end = year_bounds(connection)
        create_offices(connection, year_start)
        load_helper_tables(connection)
        salt = connection.execute("SELECT md5(min(code) || min(created_at)::text) FROM office")
        parameters = {
            "year_start": year_start,
            "year_end": year_end,
            "large_office": large_office_id(connection),
            "given": GIVEN,
            "family": FAMILY,
            "streets": STREETS,
            "salt": salt.fetchone()[0],
            "seed": 1805,
            "photo": SMALLEST_PHOTO,
        }
        functions = FUNCTIONS_SQL.replace("%(salt)s", f"'{parameters['salt']}'")
        connection.execute(functions.replace("%%", "%"))
        connection.commit()
        before = connection.execute("SELECT coalesce(max(id), 0) FROM parcel").fetchone()[0]
        if before >= parcels:
            progress(f"the database holds {before:,} parcels already; nothing to add")
        for first in range(before + 1, parcels + 1, chunk):
            last = min(first + chunk - 1, parcels)
            chunk_started = time.monotonic()
            step = {"step_first": before + 1, "step_last": parcels}
            written, spent = add_parcels(connection, first, last, parameters | step)
            seconds = time.monotonic() - chunk_started
            progress(
                f"parcels {first:,}–{last:,}: {seconds:.1f} s, "
                f"{(last - first + 1) / seconds:,.0f} parcels/s, {written / seconds:,.0f} rows/s; "
                f"{time.monotonic() - started:.0f} s in all; load {os.getloadavg()[0]:.1f} ("
                + ", ".join(f"{table} {spent[table]:.1f}" for table in spent)
                + ")"
            )
        move_sequences_past_ids(connection)
        if before < parcels:
            vacuum_and_analyze(connection)
            keep_counts_as_a_worker_would(database_url)
        result = BuildResult(before, max(before, parcels), time.monotonic() - started)
        result.rows = row_counts(connection)
        result.database_bytes = connection.execute(
            "SELECT pg_database_size(current_database())"
        ).fetchone()[0]
    return result


def print_result(result: BuildResult) -> None:
    added = result.parcels - result.parcels_before
    print(
        f"built in {result.seconds:.0f} s: {added:,} parcels added "
        f"({result.parcels_before:,} → {result.parcels:,}), "
        f"database {result.database_bytes / 2**30:.2f} GiB"
    )
    for table, count in result.rows.items():
        print(f"  {table:<18} {count:>14,}")


# ---------------------------------------------------------------- what the benchmark reads


@dataclass(frozen=True)
class StaffSample:
    """The large office and what its staff pages are asked for."""

    office_id: int
    office_code: str
    staff_username: str
    admin_username: str
    supervisor_username: str
    password: str
    deep_after_id: int  # the list's 20th page (of 50) ends here: ?after= names page 21
    tracking_code: str  # a returned parcel's, with a long timeline
    document_number: str  # one of its documents', as staff search for it
    district_code: str  # the district most of the office's parcels go to


def staff_sample(connection) -> StaffSample:
    """The large office's people (all with the bench password) and a parcel and area of it."""
    office_id = large_office_id(connection)
    code = office_code(LARGE_OFFICE_REGENCY)
    tracking_code, document_number = connection.execute(
        "SELECT p.tracking_code, d.document_number FROM parcel p JOIN document d ON d.id = p.id * 4"
        " WHERE p.office_id = %s AND p.status = 'returned' ORDER BY p.id DESC LIMIT 1",
        (office_id,),
    ).fetchone()
    deep_after_id = connection.execute(  # the 1000th newest, or the oldest if fewer
        "SELECT min(id) FROM (SELECT id FROM parcel WHERE office_id = %s "
        "ORDER BY id DESC LIMIT 1000) AS newest",
        (office_id,),
    ).fetchone()[0]
    district = connection.execute(
        "SELECT substr(region_code, 1, 8) FROM parcel WHERE office_id = %s "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        (office_id,),
    ).fetchone()[0]
    return StaffSample(
        office_id=office_id,
        office_code=code,
        staff_username=f"staf1.{code}",
        admin_username=f"admin.{code}",
        supervisor_username="supervisor.nasional",
        password=BENCH_PASSWORD,
        deep_after_id=deep_after_id,
        tracking_code=tracking_code,
        document_number=document_number,
        district_code=district,
    )


def birth_date_of(nik: str) -> date:
    """The birth date a NIK carries (DDMMYY, 40 added to the day for women)."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    this_year = datetime.now(UTC).year % 100
    return date(2000 + year if year <= this_year else 1900 + year, month, day % 40 or 40)


def resident_pairs(connection, count: int = 2000) -> list[dict]:
    """Codes and the birth dates their residents give, for parcels drawn across the country;
    every fifth typed as the application reference instead of the code."""
    highest = connection.execute("SELECT max(id) FROM parcel").fetchone()[0]
    rows = connection.execute(
        """SELECT p.tracking_code, d.holder_nik, d.application_ref
           FROM unnest(%s::bigint[]) AS drawn(id)
           JOIN parcel p ON p.id = drawn.id
           JOIN document d ON d.id = p.id * 4
           WHERE p.status <> 'cancelled'""",
        ([1 + (n * 7_919_993) % highest for n in range(1, count + 1)],),
    ).fetchall()
    return [
        {
            "code": reference if number % 5 == 0 else code,
            "birth_date": birth_date_of(nik).isoformat(),
        }
        for number, (code, nik, reference) in enumerate(rows)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_NATIONAL_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_national"
        ),
    )
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="parcels per commit")
    options = parser.parse_args()
    print_result(build(options.database_url, options.parcels, options.chunk))


if __name__ == "__main__":
    main()
