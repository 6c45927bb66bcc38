"""`flask --app wsgi offices create|list|show`: set up an office without touching Python."""

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from delivery.core.errors import DomainError
from delivery.offices.operations import create_office
from delivery.offices.queries import office_by_code, offices_with_people
from delivery.offices.words import rule_summary

office_commands = AppGroup("offices", help="Create, list and show offices.")


def field_option(name: str, help_text: str, required: bool = True):
    return click.option(f"--{name.replace('_', '-')}", name, required=required, help=help_text)


@office_commands.command("create")
@field_option("code", "A short code, e.g. LTG (capital letters, digits, dashes).")
@field_option("name", "The office's name, e.g. 'Disdukcapil Kabupaten Lampung Tengah'.")
@field_option("regency", "Its regency or city.")
@field_option("province", "Its province.")
@field_option("address", "Street and number of the counter.")
@field_option("postal_code", "5 digits.")
@field_option("phone", "The counter's phone, printed on labels.")
@field_option("village", "Village of the counter.", required=False)
@field_option("district", "District of the counter.", required=False)
@field_option("opening_hours", "Counter hours, e.g. 'Senin–Jumat 08.00–15.00'.", required=False)
def create(**values: str | None) -> None:
    """Create an office with the default delivery rule (an admin sets it at /admin/)."""
    try:
        with force_locale("en"):
            office = create_office(values, actor_label="cli")
    except DomainError as error:
        raise click.BadParameter(error.message, param_hint=option_name(error.field)) from None
    click.echo(f"Created office {office.code}: {office.name}.")


def option_name(field: str | None) -> str:
    return f"--{(field or 'code').replace('_', '-')}"


@office_commands.command("list")
def list_offices() -> None:
    """List offices: code, name, regency and active accounts."""
    rows = offices_with_people()
    if not rows:
        click.echo("No offices yet: create one with `offices create`.")
    for office, people in rows:
        click.echo(f"{office.code}\t{office.name}\t{office.regency}\t{people} active accounts")


@office_commands.command("show")
@click.argument("code")
def show(code: str) -> None:
    """Show an office's profile and delivery rule."""
    office = office_by_code(code)
    if office is None:
        raise click.BadParameter(f"no office with code {code.upper()!r}", param_hint="CODE")
    click.echo(f"{office.code}: {office.name}")
    for line in office.return_address_lines:
        click.echo(f"  {line}")
    if office.opening_hours:
        click.echo(f"  {office.opening_hours}")
    click.echo("Delivery rule:")
    with force_locale("en"):
        for sentence in rule_summary(office):
            click.echo(f"  - {sentence}")
