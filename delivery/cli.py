"""Administration from the command line: `flask --app wsgi users|tokens|offices|demo …`."""

import sys
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from werkzeug.serving import run_simple

from delivery.accounts.lockout import lock_state, unlock_account
from delivery.accounts.operations import create_user as create_account
from delivery.accounts.operations import issue_token
from delivery.accounts.operations import revoke_token as revoke
from delivery.core.errors import DomainError
from delivery.core.extensions import db
from delivery.core.jobs.periodic import RepeatingThread, run_periodic_work
from delivery.demo import DEMO_LOGINS, load_demo_data
from delivery.models import ApiToken, Office, Role, User
from delivery.notifications.demo_inbox import messages_after, newest_message_id

user_commands = AppGroup("users", help="Create, list and unlock users.")
token_commands = AppGroup("tokens", help="Issue and revoke API tokens for integrators.")
demo_commands = AppGroup("demo", help="Demo data and the embedded demo server.")
job_commands = AppGroup("jobs", help="Periodic and queued work.")
ROLE_NAMES = [role.value for role in Role]


def find_office(code: str) -> Office:
    """Return the office with this code or stop with a clear message."""
    office = db.session.scalar(db.select(Office).filter_by(code=code))
    if office is None:
        raise click.BadParameter(f"no office with code {code!r}", param_hint="--office")
    return office


def find_user(username: str, param_hint: str = "--user") -> User:
    """Return the user with this username or stop with a clear message."""
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise click.BadParameter(f"no user named {username!r}", param_hint=param_hint)
    return user


@user_commands.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLE_NAMES), required=True)
@click.option("--office", "office_code", required=True, help="Code of the user's office.")
@click.option("--name", "full_name", required=True, help="The person's full name.")
@click.option("--province", help="A supervisor's province; without it, the whole country.")
@click.option("--password", help="Asked for when neither this nor --password-stdin is given.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def create_user(
    username: str,
    role: str,
    office_code: str,
    full_name: str,
    province: str | None,
    password: str | None,
    password_stdin: bool,
) -> None:
    """Create a staff member, courier, admin or supervisor of an office."""
    office = find_office(office_code)
    if province and role != Role.SUPERVISOR:
        raise click.BadParameter("only a supervisor oversees a province", param_hint="--province")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with force_locale("en"):
            create_account(
                office,
                username,
                full_name,
                role,
                password,
                actor_label="cli",
                allowed_roles=tuple(Role),
                supervised_province=province,
            )
    except DomainError as error:
        hint = {"username": "USERNAME", "full_name": "--name"}.get(error.field, "--password")
        raise click.BadParameter(error.message, param_hint=hint) from None
    click.echo(f"Created {role} {username} at {office.code}.")


@user_commands.command("list")
def list_users() -> None:
    """List users with their role and office, and whether they are switched off or locked."""
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        states = [text for text in ("" if user.active else "inactive", lock_state(user)) if text]
        state = f" ({'; '.join(states)})" if states else ""
        click.echo(f"{user.username}\t{user.role.value}\t{user.office.code}{state}")


@user_commands.command("unlock")
@click.argument("username")
def unlock_user(username: str) -> None:
    """Unlock an account locked after failed sign-ins, and forget its failures (audited)."""
    user = find_user(username, param_hint="USERNAME")
    if not (user.failed_sign_ins or user.locked_until):
        click.echo(f"{username} is not locked.")
        return
    unlock_account(user, actor_label="cli")
    click.echo(f"Unlocked {username}.")


@token_commands.command("create")
@click.option("--user", "username", required=True, help="The user the token acts as.")
@click.option("--name", default="integration", show_default=True, help="What the token is for.")
def create_token(username: str, name: str) -> None:
    """Issue an API token; it is shown once and only its hash is kept."""
    try:
        with force_locale("en"):
            plain = issue_token(find_user(username), name, actor_label="cli")
    except DomainError as error:
        raise click.BadParameter(error.message, param_hint=f"--{error.field}") from None
    click.echo("Keep this token now; it cannot be shown again:")
    click.echo(plain)


@token_commands.command("revoke")
@click.option("--user", "username", required=True)
@click.option("--hint", required=True, help="The last four characters of the token.")
def revoke_token(username: str, hint: str) -> None:
    """Revoke a user's token, identified by its last four characters."""
    user = find_user(username)
    tokens = db.session.scalars(
        db.select(ApiToken).filter_by(user_id=user.id, hint=hint, revoked_at=None)
    ).all()
    if len(tokens) != 1:
        raise click.BadParameter(
            f"{len(tokens)} active tokens end in {hint!r}", param_hint="--hint"
        )
    revoke(tokens[0], actor_label="cli")
    click.echo("Revoked.")


@demo_commands.command("load")
def load_demo() -> None:
    """Load the demo office, its users and documents (does nothing if already loaded)."""
    created = load_demo_data()
    click.echo("Demo data loaded." if created else "Demo data was already there.")


@job_commands.command("periodic")
def periodic() -> None:
    """Run the periodic work once (every worker runs it every PERIODIC_SECONDS anyway)."""
    for name, count in run_periodic_work().items():
        click.echo(f"{name}: {count}")


@demo_commands.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve_demo(host: str, port: int) -> None:
    """Serve the web app with jobs in-process, and print where to look and the messages residents
    are sent (scripts/demo.py runs the sandbox carrier beside it)."""
    app = current_app._get_current_object()
    RepeatingThread(app, interval=app.config["PERIODIC_SECONDS"]).start()
    RepeatingThread(app, 2, resident_message_printer(), "antar-demo-messages").start()
    base_url = f"http://{host}:{port}"
    click.echo(f"\nAntar is running at {base_url}/")
    click.echo(f"  Staff sign-in:     {base_url}/login")
    for username, (password, role, _name) in DEMO_LOGINS.items():
        click.echo(f"    {role.value:<8} {username} / {password}")
    click.echo(f"  Resident tracking: {base_url}/")
    click.echo(f"  Messages to residents, one-time codes included: {base_url}/admin/messages")
    click.echo("  (and printed here as they are sent). Press Ctrl+C to stop.\n")
    run_simple(host, port, app, threaded=True)


def resident_message_printer() -> Callable[[], int]:
    """Print each message residents are sent (embedded mode keeps a copy), once."""
    newest = [newest_message_id()]

    def print_new_messages() -> int:
        new = messages_after(newest[0])
        for message in new:
            click.echo(f"[message to {message.phone}, {message.tracking_code}] {message.text}")
            newest[0] = message.id
        return len(new)

    return print_new_messages
