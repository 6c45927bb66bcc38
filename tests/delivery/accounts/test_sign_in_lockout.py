"""Guessing one account's password from many addresses locks the account; an admin unlocks it."""

import re
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry, Role
from tests.conftest import csrf_token
from tests.delivery.races import CSRF_VALUE, at_once
from tests.factories import PASSWORDS

RIGHT = PASSWORDS[Role.STAFF]


@pytest.fixture
def limited_app(request, app_config):
    """The app with its per-address sign-in limit on, as in production."""
    app_config["RATELIMIT_ENABLED"] = True
    return request.getfixturevalue("app")


def sign_in(client, password: str, address: str, username: str = "rini"):
    """Sign in from an address of its own, as a guesser spreading over many machines would."""
    form = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=form, environ_base={"REMOTE_ADDR": address})


def guess(client, times: int, first_address: int = 1) -> list[int]:
    addresses = range(first_address, first_address + times)
    return [sign_in(client, "wrong-guess", f"10.9.0.{n}").status_code for n in addresses]


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).filter_by(action=action)))


def without_tokens(page: str) -> str:
    return re.sub(r'value="[^"]{40,}"', 'value=""', page)


def test_five_wrong_passwords_from_five_addresses_lock_the_account(
    limited_app, client, staff_user, clock
):
    assert guess(client, 5) == [401] * 5
    locked = sign_in(client, RIGHT, "10.9.1.1")
    assert locked.status_code == 401
    assert "Nama pengguna atau kata sandi salah" in locked.get_data(as_text=True)
    assert "Setelah 5 kali kata sandi salah berturut-turut, akun dikunci" in locked.get_data(
        as_text=True
    )
    [lock] = audit("user.lock")
    assert (lock.actor_label, lock.after["failed_sign_ins"]) == ("sign-in", 5)
    clock.advance(seconds=61)
    assert sign_in(client, RIGHT, "10.9.1.2").status_code == 302


def test_each_further_failure_locks_for_twice_as_long(limited_app, client, staff_user, clock):
    guess(client, 5)
    clock.advance(seconds=61)
    assert guess(client, 1, first_address=20) == [401]  # the sixth: two minutes
    clock.advance(seconds=61)
    assert sign_in(client, RIGHT, "10.9.2.1").status_code == 401
    clock.advance(seconds=60)
    assert sign_in(client, RIGHT, "10.9.2.2").status_code == 302
    assert [entry.after["failed_sign_ins"] for entry in audit("user.lock")] == [5, 6]


def test_a_success_starts_the_count_again(client, staff_user):
    guess(client, 4)
    assert sign_in(client, RIGHT, "10.9.3.1").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert guess(client, 4) == [401] * 4
    assert sign_in(client, RIGHT, "10.9.3.2").status_code == 302


def test_a_locked_account_answers_like_an_unknown_one(client, staff_user):
    guess(client, 5)
    locked = sign_in(client, RIGHT, "10.9.4.1").get_data(as_text=True)
    unknown = sign_in(client, "whatever-password", "10.9.4.2", username="nobody")
    assert unknown.status_code == 401
    typed_name = unknown.get_data(as_text=True).replace('value="nobody"', 'value="rini"')
    assert without_tokens(locked) == without_tokens(typed_name)


def test_the_admin_sees_the_lock_and_unlocks_the_account(app, client, staff_user, clock):
    guess(client, 5)
    until = clock.now + timedelta(minutes=1)
    listed = run(app, "users", "list").output
    assert f"rini\tstaff\tLTG (locked until {until:%Y-%m-%d %H:%M} UTC)\n" in listed
    unlocked = run(app, "users", "unlock", "rini")
    assert unlocked.exit_code == 0 and unlocked.output == "Unlocked rini.\n"
    [entry] = audit("user.unlock")
    assert entry.actor_label == "cli" and entry.before["failed_sign_ins"] == 5
    assert "rini\tstaff\tLTG\n" in run(app, "users", "list").output
    assert sign_in(client, RIGHT, "10.9.5.1").status_code == 302
    assert run(app, "users", "unlock", "rini").output == "rini is not locked.\n"
    unknown = run(app, "users", "unlock", "nobody")
    assert unknown.exit_code == 2 and "no user named 'nobody'" in unknown.output


def test_simultaneous_guesses_from_many_machines_all_count(live_server, staff_user):
    guessers = [requests.Session() for _ in range(12)]
    forms = []
    for guesser in guessers:
        token = CSRF_VALUE.search(guesser.get(live_server + "/login").text).group(1)
        forms.append({"username": "rini", "password": "wrong-guess", "csrf_token": token})

    def guess_with(guesser, form):
        return lambda: guesser.post(live_server + "/login", data=form, allow_redirects=False)

    answers = at_once(*(guess_with(g, form) for g, form in zip(guessers, forms, strict=True)))
    assert answers == [401] * 12
    db.session.refresh(staff_user)
    assert staff_user.failed_sign_ins == 5 and len(audit("user.lock")) == 1
