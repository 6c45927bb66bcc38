"""Fixtures for residents' tracking: a household parcel and a way to look it up."""

import re

import pytest

from tests.conftest import csrf_token
from tests.delivery.resident.household import household_parcel

TOKEN_VALUE = re.compile(r'name="csrf_token" value="[^"]+"')


@pytest.fixture
def parcel(app, clock, make_parcel, make_document):
    return household_parcel(make_parcel, make_document, clock)


@pytest.fixture
def track(client):
    """Post the tracking form as a browser does; the birth date is typed as day, month, year."""

    def post(code: str, born, **environ):
        token = csrf_token(client, "/")
        form = {"code": code, "day": born.day, "month": born.month, "year": born.year}
        return client.post("/track", data=form | {"csrf_token": token}, environ_base=environ)

    return post


def without_csrf_tokens(page: str) -> str:
    """Blank the per-request CSRF tokens, the only part of a page that changes every time."""
    return TOKEN_VALUE.sub('name="csrf_token" value=""', page)
