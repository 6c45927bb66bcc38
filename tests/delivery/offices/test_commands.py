"""Setting up an office from a shell: offices create|list|show, users create --password-stdin."""

import os
import re
import subprocess
from pathlib import Path

import sqlalchemy as sa

from delivery.core.extensions import db
from delivery.models import AuditEntry, Office, ReceiverPolicy, User
from tests.conftest import log_in

ROOT = Path(__file__).resolve().parents[3]
PESAWARAN = [
    "--code", "psw", "--name", "Disdukcapil Kabupaten Pesawaran",
    "--regency", "Kabupaten Pesawaran", "--province", "Lampung",
    "--address", "Jl. Ahmad Yani No. 1", "--postal-code", "35371", "--phone", "0721 5620015",
]  # fmt: skip


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_create_office_with_the_default_rule_and_an_audit_entry(app):
    result = run(app, "offices", "create", *PESAWARAN, "--opening-hours", "Senin–Jumat 08–15")
    assert result.exit_code == 0, result.output
    assert "Created office PSW" in result.output
    office = db.session.scalar(sa.select(Office).filter_by(code="PSW"))
    assert office.phone == "+62 721 5620015"
    assert office.receiver_policy == ReceiverPolicy.HOUSEHOLD
    assert office.attempts_before_return == 3 and office.delivery_fee == 0
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="office.create"))
    assert entry.actor_label == "cli" and entry.after["postal_code"] == "35371"
    assert entry.office_id == office.id


def test_a_duplicate_code_is_refused_and_nothing_changes(app, office):
    result = run(app, "offices", "create", *PESAWARAN[:1], "LTG", *PESAWARAN[2:])
    assert result.exit_code == 2
    assert "Invalid value for --code: An office with the code LTG exists already." in (
        result.output
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 1


def test_a_missing_field_is_named(app):
    without_phone = PESAWARAN[: PESAWARAN.index("--phone")]
    result = run(app, "offices", "create", *without_phone)
    assert result.exit_code == 2 and "Missing option '--phone'" in result.output
    assert db.session.scalar(sa.select(Office)) is None


def test_a_bad_value_is_named_with_its_option(app):
    bad_postal_code = [value if value != "35371" else "3537" for value in PESAWARAN]
    result = run(app, "offices", "create", *bad_postal_code)
    assert result.exit_code == 2
    assert "Invalid value for --postal-code: A postal code has exactly 5 digits." in result.output
    result = run(app, "offices", "create", *PESAWARAN[:-1], "12345")
    assert "Invalid value for --phone: Not an Indonesian phone number" in result.output
    assert db.session.scalar(sa.select(Office)) is None


def test_list_and_show(app, office, make_user):
    make_user()
    listed = run(app, "offices", "list")
    assert listed.exit_code == 0
    assert "LTG\tDisdukcapil Kabupaten Lampung Tengah\tKabupaten Lampung Tengah\t1 active" in (
        listed.output
    )
    shown = run(app, "offices", "show", "ltg")
    assert shown.exit_code == 0, shown.output
    assert "Jl. Raden Intan No. 1" in shown.output
    assert "Returned after 3 failed attempts." in shown.output
    assert "No delivery fee." in shown.output
    missing = run(app, "offices", "show", "XYZ")
    assert missing.exit_code == 2 and "no office with code 'XYZ'" in missing.output


def test_users_create_reads_the_password_from_stdin(app, office, client):
    result = run(
        app,
        "users", "create", "dewi", "--role", "admin", "--office", "LTG",
        "--name", "Dewi Anggraini", "--password-stdin",
        input="a-long-secret-phrase\nignored second line\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output  # nothing was asked
    assert log_in(client, "dewi", "a-long-secret-phrase").status_code == 302


def test_users_create_from_stdin_refuses_a_short_password(app, office):
    result = run(
        app,
        "users", "create", "dewi", "--role", "admin", "--office", "LTG",
        "--name", "Dewi", "--password-stdin", input="short\n",
    )  # fmt: skip
    assert result.exit_code == 2 and "Invalid value for --password" in result.output
    assert db.session.scalar(sa.select(User)) is None


def readme_setup_block() -> str:
    """The first shell block of the README's Administration section."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Administration") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_setup_runs_as_written(tmp_path):
    database = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    environment = {**os.environ, "ANTAR_DATABASE_URL": database}
    environment.pop("ADMIN_PASSWORD", None)
    done = subprocess.run(
        ["bash", "-e", "-c", readme_setup_block()],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Created office PSW" in done.stdout
    assert "Created admin dewi at PSW." in done.stdout
    assert "PSW\tDisdukcapil Kabupaten Pesawaran\tKabupaten Pesawaran\t1 active" in done.stdout
    assert "Who may receive: the holder or a member of the same household." in done.stdout
