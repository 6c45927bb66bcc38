"""The tracking page: a code (or reference) and a birth date by POST, an answer without secrets."""

import re
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import Session

from delivery.core.extensions import db
from delivery.demo import make_nik
from delivery.models import AttemptReason, ParcelStatus, ReceiverRelation
from delivery.parcels.codes import new_tracking_code
from delivery.vocabulary import reason_label
from tests.delivery.resident.conftest import without_csrf_tokens
from tests.delivery.resident.household import (
    BUDI_BORN,
    SRI_BORN,
    deliver,
    hand_to_post,
    move,
    secrets_of,
)


def page_of(response) -> str:
    return response.get_data(as_text=True)


def section_text(page: str, labelled_by: str) -> str:
    """The words of one section of a page, as a screen reader reads them."""
    section = page.split(f'aria-labelledby="{labelled_by}">')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


@pytest.mark.both_databases
def test_resident_sees_names_masked_area_status_timeline_and_next_step(track, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT, hours=30)
    response = track(parcel.tracking_code, BUDI_BORN)
    page = page_of(response)
    assert response.status_code == 200
    assert "B*** S******" in page and "S** W******" in page
    assert "Bandar Jaya Barat" in page and "Terbanggi Besar" in page
    assert '<h1 id="status">Dalam perjalanan</h1>' in page
    assert section_text(page, "timeline") == (
        "Riwayat Siap dikirim 8 Mei 2026, 09.00 WIB Diserahkan ke Pos 11 Mei 2026, 08.00 WIB "
        "Dalam perjalanan 12 Mei 2026, 14.00 WIB"
    )
    assert "Perkiraan tiba" in page and "12 Mei 2026 sampai 18 Mei 2026" in page
    assert (
        "Pemilik dokumen atau anggota keluarga serumah boleh menerimanya. "
        "Penerima wajib menunjukkan kartu identitas."
    ) in page


def test_application_reference_works_instead_of_the_code(track, parcel, clock):
    hand_to_post(parcel, clock)
    response = track("ltg-2026-sri01", SRI_BORN)
    assert response.status_code == 200
    assert parcel.tracking_code in page_of(response)


@pytest.mark.parametrize("typing", [str.lower, lambda code: code.replace("-", ""), " {} ".format])
def test_code_may_be_typed_in_any_case_with_or_without_dashes(track, parcel, typing):
    response = track(typing(parcel.tracking_code), BUDI_BORN)
    assert response.status_code == 200
    assert "Siap dikirim" in page_of(response)


def test_a_womans_birth_date_matches_although_her_nik_adds_40_to_the_day(track, parcel):
    assert track(parcel.tracking_code, SRI_BORN).status_code == 200
    assert track(parcel.tracking_code, date(1992, 8, 1)).status_code == 404


def test_a_child_born_this_century_matches_though_the_nik_has_a_two_digit_year(
    track, make_parcel, make_document
):
    born = date(2015, 3, 4)
    child = make_document(holder_name="Dimas Santoso", holder_nik=make_nik("01", born, False, 7))
    parcel = make_parcel([child], tracking_code=new_tracking_code())
    assert track(parcel.tracking_code, born).status_code == 200
    assert track(parcel.tracking_code, date(2015, 4, 3)).status_code == 404


@pytest.mark.both_databases
def test_a_shared_reference_finds_the_parcel_whose_holder_was_born_that_day_newest_first(
    track, make_parcel, make_document
):
    reference, ani_born = "LTG-2026-00042", date(1985, 3, 9)
    ani = make_nik("01", ani_born, True, 11)

    def parcel_for(**holder):
        document = make_document(application_ref=reference, **holder)
        return make_parcel([document], tracking_code=new_tracking_code())

    anis = parcel_for(holder_name="Ani Lestari", holder_nik=ani)
    budis_older, budis_newer = parcel_for(), parcel_for()
    found_for_ani = page_of(track(reference, ani_born))
    assert anis.tracking_code in found_for_ani and "A** L******" in found_for_ani
    found_for_budi = page_of(track(reference, BUDI_BORN))
    assert budis_newer.tracking_code in found_for_budi
    assert budis_older.tracking_code not in found_for_budi


def test_wrong_code_wrong_birth_date_and_cancelled_parcel_get_the_same_answer(
    track, parcel, make_parcel, make_document
):
    cancelled = make_parcel(
        [make_document()], tracking_code=new_tracking_code(), status=ParcelStatus.CANCELLED
    )
    answers = [
        track(new_tracking_code(), BUDI_BORN),
        track(parcel.tracking_code, date(1990, 5, 18)),
        track(cancelled.tracking_code, BUDI_BORN),
        track("LTG-2026-NOSUCH", BUDI_BORN),
    ]
    assert {response.status_code for response in answers} == {404}
    pages = {without_csrf_tokens(page_of(response)) for response in answers}
    assert len(pages) == 1
    assert "Tidak ada paket yang ditemukan" in pages.pop()


@pytest.fixture
def database_reads(app) -> Iterator[tuple[list[str], list[tuple]]]:
    """The statements the app's engine sends to the database, and the rows it gets back for
    the statements its sessions run."""
    seen: list[str] = []
    fetched: list[tuple] = []

    def note_statement(connection, cursor, statement, *rest) -> None:
        seen.append(statement)

    def note_rows(execution):
        result = execution.invoke_statement().freeze()  # every row, and the same result again
        fetched.extend(tuple(row) for row in result().all())
        return result()

    sa.event.listen(db.engine, "before_cursor_execute", note_statement)
    sa.event.listen(Session, "do_orm_execute", note_rows)
    yield seen, fetched
    sa.event.remove(Session, "do_orm_execute", note_rows)
    sa.event.remove(db.engine, "before_cursor_execute", note_statement)


def test_wrong_code_and_wrong_birth_date_do_the_same_work(app, track, parcel, database_reads):
    """Both run the one lookup statement and get nothing back from the database: the birth
    date is checked there, so a real code with a wrong date costs no more than a made-up one."""
    seen, fetched = database_reads

    def work_for(code: str, born: date) -> tuple[list[str], list[tuple]]:
        seen.clear()
        fetched.clear()
        assert track(code, born).status_code == 404
        return list(seen), list(fetched)

    wrong_code = work_for(new_tracking_code(), BUDI_BORN)
    wrong_birth_date = work_for(parcel.tracking_code, date(2001, 1, 1))
    assert wrong_code == wrong_birth_date
    statements, rows = wrong_code
    assert len(statements) == 1 and rows == []


@pytest.mark.both_databases
def test_a_lookup_brings_no_nik_out_of_the_database(track, parcel, database_reads):
    _seen, fetched = database_reads
    code = parcel.tracking_code
    fetched.clear()  # only what the lookup brings back
    assert track(code, SRI_BORN).status_code == 200
    values = {str(value) for row in fetched for value in row}
    assert "Budi Santoso" in values  # the holders' rows did come back
    niks = {document.holder_nik for document in parcel.documents}
    kk_numbers = {document.kk_number for document in parcel.documents}
    assert not values & (niks | kk_numbers)


def test_the_answer_never_shows_personal_data(track, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY)
    move(parcel, clock, ParcelStatus.ATTEMPT_FAILED, reason=AttemptReason.NOT_AT_HOME)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY, hours=20)
    deliver(parcel, clock, ReceiverRelation.HOUSEHOLD_MEMBER)
    page = without_csrf_tokens(page_of(track(parcel.tracking_code, BUDI_BORN)))  # random text
    assert "Diterima" in page
    assert [secret for secret in secrets_of(parcel) if secret in page] == []


def test_delivered_parcel_says_who_received_it_by_relation_only(track, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY, hours=24)
    deliver(parcel, clock, ReceiverRelation.HOUSEHOLD_MEMBER)
    page = page_of(track(parcel.tracking_code, BUDI_BORN))
    assert "Anggota keluarga serumah, 12 Mei 2026, 14.00 WIB" in page
    assert "Diterima pada 12 Mei 2026, 14.00 WIB oleh anggota keluarga serumah." in page
    assert "Rahmat" not in page and "<img" not in page


def test_failed_attempts_are_listed_with_reasons_and_what_happens_next(track, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.OUT_FOR_DELIVERY, hours=24)
    move(parcel, clock, ParcelStatus.ATTEMPT_FAILED, reason=AttemptReason.NOT_AT_HOME)
    page = page_of(track(parcel.tracking_code, BUDI_BORN))
    with force_locale("id"):
        not_at_home = reason_label(AttemptReason.NOT_AT_HOME)
    attempts = section_text(page, "failed-attempts")
    assert f"Percobaan pengantaran yang gagal {not_at_home} 12 Mei 2026, 14.00 WIB" == attempts
    assert "Kurir akan mencoba lagi. Percobaan gagal sejauh ini: 1 dari 3" in page


def test_returned_parcel_shows_the_counter_its_hours_and_the_collect_by_date(track, parcel, clock):
    hand_to_post(parcel, clock)
    move(parcel, clock, ParcelStatus.IN_TRANSIT)
    move(parcel, clock, ParcelStatus.EXCEPTION, reason=AttemptReason.REFUSED)
    move(parcel, clock, ParcelStatus.RETURNING)
    move(parcel, clock, ParcelStatus.RETURNED, hours=25)  # 12 May 20.00 UTC: 13 May in Jakarta
    page = page_of(track(parcel.tracking_code, BUDI_BORN))
    office = parcel.office
    assert "Sudah kembali di kantor" in page
    assert f"Ambil di {office.name}, {office.address}" in page
    assert "paling lambat 27 Mei 2026" in page and "bawa kartu identitas" in page
    assert "Jam buka: Senin–Jumat 08.00–15.00." in page
    assert office.phone in page


def test_missing_and_unreadable_fields_are_named(track, client):
    response = track("", date(1990, 5, 17))
    assert response.status_code == 400
    assert "Masukkan kode lacak atau nomor permohonan." in page_of(response)
    token = client.get("/").get_data(as_text=True)
    form = {"code": "AN-2345-6789", "day": "31", "month": "2", "year": "90"}
    response = client.post("/track", data=form | {"csrf_token": csrf_from(token)})
    page = page_of(response)
    assert response.status_code == 400
    assert 'id="birth-date-error"' in page and 'aria-invalid="true"' in page
    assert "AN-2345-6789" not in page


def csrf_from(page: str) -> str:
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_lookup_is_a_post_whose_answer_no_one_may_keep(client, track, parcel):
    form = client.get("/").get_data(as_text=True)
    assert '<form method="post" action="/track"' in form
    response = track(parcel.tracking_code, BUDI_BORN)
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/track").headers["Location"] == "/"
