"""Factory fixtures: each returns a callable that makes a row with sensible defaults."""

import itertools
import secrets
from datetime import date

import pytest
from stdnum import luhn

from delivery.core.extensions import db
from delivery.demo import make_nik
from delivery.models import Document, DocumentType, Office, Parcel, Role, User
from delivery.parcels.codes import ALPHABET, PREFIX
from delivery.parcels.packing import RECIPIENT_FIELDS

PASSWORDS = {
    Role.STAFF: "staff-password-1",
    Role.COURIER: "courier-password-1",
    Role.ADMIN: "admin-password-1",
}
_numbers = itertools.count(1)


def numbered_tracking_code(number: int) -> str:
    """A valid tracking code of its own for each number, however many a test session makes
    (typed back in any case or spacing, it still names its parcel)."""
    body = "".join(ALPHABET[number // len(ALPHABET) ** place % len(ALPHABET)] for place in range(7))
    body += luhn.calc_check_digit(body, alphabet=ALPHABET)
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


@pytest.fixture
def make_office(app):
    def make(**overrides) -> Office:
        number = next(_numbers)
        values = {
            "code": f"OF{number}",
            "name": f"Disdukcapil Kabupaten Uji {number}",
            "regency": "Kabupaten Lampung Tengah",
            "province": "Lampung",
            "address": "Jl. Raden Intan No. 1",
            "village": "Gunung Sugih Raya",
            "district": "Gunung Sugih",
            "postal_code": "34161",
            "phone": "+62 725 529 100",
            "opening_hours": "Senin–Jumat 08.00–15.00",
        }
        office = Office(**(values | overrides))
        db.session.add(office)
        db.session.commit()
        return office

    return make


@pytest.fixture
def office(make_office) -> Office:
    return make_office(code="LTG", name="Disdukcapil Kabupaten Lampung Tengah")


@pytest.fixture
def make_user(app, office):
    def make(
        role: Role = Role.STAFF,
        *,
        username: str | None = None,
        office=office,
        password: str | None = None,
    ) -> User:
        user = User(
            username=username or f"{role.value}{next(_numbers)}",
            role=role,
            full_name=f"Petugas {role.value.title()}",
            office=office,
        )
        user.set_password(password or PASSWORDS[role])
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_document(app, office):
    def make(**overrides) -> Document:
        number = next(_numbers)
        values = {
            "office": office,
            "document_type": DocumentType.KTP_EL,
            "document_number": f"KTP-{number:06d}",
            "holder_nik": make_nik("01", date(1990, 5, 17), False, number % 10000),
            "holder_name": "Budi Santoso",
            "kk_number": "1805011705100001",
            "recipient_name": "Budi Santoso",
            "recipient_phone": "+6281234567890",
            "street": "Jl. Merdeka No. 12",
            "rt": "003",
            "rw": "001",
            "village": "Bandar Jaya Barat",
            "district": "Terbanggi Besar",
            "regency": "Kabupaten Lampung Tengah",
            "province": "Lampung",
            "postal_code": "34163",
            "application_ref": f"LTG-2026-{number:05d}",
        }
        document = Document(**(values | overrides))
        db.session.add(document)
        db.session.commit()
        return document

    return make


@pytest.fixture
def make_parcel(app, office, make_document):
    def make(documents: list[Document] | None = None, **overrides) -> Parcel:
        documents = documents or [make_document()]
        first = documents[0]
        address = {field: getattr(first, field) for field in RECIPIENT_FIELDS}
        values = {
            "office": office,
            "tracking_code": numbered_tracking_code(next(_numbers)),
            "qr_token": secrets.token_urlsafe(32),
            "household_key": first.kk_number,
            **address,
        }
        parcel = Parcel(**(values | overrides), documents=documents)
        db.session.add(parcel)
        db.session.commit()
        return parcel

    return make


def signed_in_client(app, user: User, password: str):
    from tests.conftest import log_in

    client = app.test_client()
    response = log_in(client, user.username, password)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def staff_user(make_user) -> User:
    return make_user(Role.STAFF, username="rini")


@pytest.fixture
def courier_user(make_user) -> User:
    return make_user(Role.COURIER, username="dedi")


@pytest.fixture
def staff_client(app, staff_user):
    return signed_in_client(app, staff_user, PASSWORDS[Role.STAFF])


@pytest.fixture
def courier_client(app, courier_user):
    return signed_in_client(app, courier_user, PASSWORDS[Role.COURIER])


@pytest.fixture
def admin_client(app, make_user):
    return signed_in_client(app, make_user(Role.ADMIN, username="admin"), PASSWORDS[Role.ADMIN])
