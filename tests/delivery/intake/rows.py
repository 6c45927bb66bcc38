"""Realistic document rows for intake tests, and CSV files made from them."""

import csv
import io
from datetime import date

from delivery.demo import make_nik
from delivery.intake.fields import CSV_COLUMNS

HOLDER_BIRTH = date(1987, 3, 9)


def valid_row(number: int = 1, **overrides) -> dict[str, str]:
    """A correct KTP-el row of household number // 3 (three documents per household)."""
    household = number // 3
    row = {
        "document_type": "ktp_el",
        "document_number": f"KTP-1802-{number:06d}",
        "holder_nik": make_nik("02", HOLDER_BIRTH, number % 2 == 1, number % 10000),
        "holder_name": f"Warga Nomor {number}",
        "kk_number": make_nik("02", date(2015, 6, 1), False, household % 10000),
        "recipient_name": f"Kepala Keluarga {household}",
        "recipient_phone": "0812-3456-7890",
        "street": f"Jl. Proklamator No. {household}",
        "rt": "3",
        "rw": "11",
        "village": "Yukum Jaya",
        "district": "Terbanggi Besar",
        "regency": "Kabupaten Lampung Tengah",
        "province": "Lampung",
        "postal_code": "34163",
        "application_ref": f"LTG-2026-{number:05d}",
    }
    return row | overrides


def csv_bytes(
    rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False, columns=CSV_COLUMNS
) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), delimiter=delimiter, extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()
