"""Each field's check says what is wrong, in Indonesian by default."""

import pytest

from delivery.intake.fields import validate_document
from tests.delivery.intake.rows import valid_row


def errors_for(app, **overrides) -> dict[str, str]:
    with app.test_request_context():
        clean, errors = validate_document(valid_row(**overrides))
    return {error.field: error.message for error in errors}


def test_a_valid_row_is_cleaned(app):
    with app.test_request_context():
        clean, errors = validate_document(
            valid_row(rt="3", recipient_phone="0812-3456-7890", holder_name="  Siti   Aminah ")
        )
    assert errors == []
    assert clean["rt"] == "003" and clean["rw"] == "011"
    assert clean["recipient_phone"] == "+6281234567890"
    assert clean["holder_name"] == "Siti Aminah"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("holder_nik", "18020212345", "tepat 16 digit"),
        ("holder_nik", "1802029913870001", "bukan tanggal"),  # day 99 is no date
        ("holder_nik", "9905021703870001", "daftar wilayah"),  # no province 99
        ("holder_nik", "1899021703870001", "daftar wilayah"),  # no regency 99 in Lampung
        ("holder_nik", "1802291703870001", "daftar wilayah"),  # Lampung Tengah has 28 districts
        (
            "kk_number",
            "1805281703870001",
            "daftar wilayah",
        ),  # 18.05.28: the bureau has it, not the decree
        ("kk_number", "ABCDEFGHIJKLMNOP", "tepat 16 digit"),
        ("document_type", "paspor", "Jenis dokumen tidak dikenal"),
        ("rt", "1234", "paling banyak 3 digit"),
        ("rw", "1a", "paling banyak 3 digit"),
        ("postal_code", "3416", "tepat 5 digit"),
        ("recipient_phone", "+1 415 555 0100", "bukan nomor telepon Indonesia"),
        ("recipient_phone", "12345", "bukan nomor telepon Indonesia"),
        ("holder_name", "X", "2 sampai 120"),
        ("holder_name", "1234", "huruf"),
        ("village", "", "wajib diisi"),
        ("street", "Jl. " + "Panjang " * 40, "paling banyak 200"),
    ],
)
def test_bad_fields_are_named_with_a_reason(app, field, value, message):
    errors = errors_for(app, **{field: value})
    assert list(errors) == [field]
    assert message.lower() in errors[field].lower()


def test_women_have_forty_added_to_the_birth_day(app):
    assert errors_for(app, holder_nik="1802025703870001") == {}  # 17 March + 40
    assert errors_for(app, holder_nik="1802027203870001") != {}  # day 72 - 40 = 32


def test_population_numbers_carry_the_decrees_region_codes(app):
    # 18.02 is Kabupaten Lampung Tengah in the ministry's decree (the statistics bureau's 18.05,
    # which python-stdnum knows); 18.02.28 is its district Putra Rumbia
    assert errors_for(app, holder_nik="1802281703870001", kk_number="1802070106150001") == {}


def test_a_nik_from_another_district_than_the_address_is_accepted(app):
    # the holder was registered in Kalirejo (18.02.01) and lives in Terbanggi Besar: people move
    assert errors_for(app, holder_nik="1802011703870001", district="Terbanggi Besar") == {}


def test_every_bad_field_is_reported_at_once(app):
    errors = errors_for(app, rt="", postal_code="x", holder_nik="1")
    assert set(errors) == {"rt", "postal_code", "holder_nik"}


def test_messages_follow_the_visitors_language(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        _clean, errors = validate_document(valid_row(postal_code="12"))
    assert errors[0].message == "A postal code has exactly 5 digits."
