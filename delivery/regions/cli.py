"""`flask --app wsgi regions info|check|update`: the region data's version, and moving to a new
one when regions split or merge by decree."""

import re
import subprocess
import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from delivery.core.database import db
from delivery.models import Document, DocumentStatus, Office, Parcel
from delivery.parcels.lifecycle import FINAL_STATUSES
from delivery.regions.checks import office_regency
from delivery.regions.dataset import DATASET_PACKAGE, dataset_version, region_name

region_commands = AppGroup("regions", help="The official region data and its updates.")
PIN = re.compile(rf'"{DATASET_PACKAGE}==[^"]+"')


@region_commands.command("info")
def show_info() -> None:
    """Show the data's version and what it holds for each office's regency."""
    click.echo(f"{DATASET_PACKAGE} {dataset_version()} (Kemendagri codes, with postal codes)")
    for office in db.session.scalars(sa.select(Office).order_by(Office.code)):
        serving = office_regency(office)
        if serving is None:
            click.echo(f"{office.code}: {office.regency} is not in the region list")
            continue
        villages = serving.village_anywhere.regions
        urban = sum(1 for village in villages if village.code.split(".")[3].startswith("1"))
        click.echo(
            f"{office.code}: {serving.name} ({serving.code}): {len(serving.districts.regions)} "
            f"districts, {len(villages)} villages ({urban} kelurahan, "
            f"{len(villages) - urban} desa)"
        )


@region_commands.command("check")
def check_stored() -> None:
    """List the village codes of open parcels and documents that the installed data lacks
    (a village split, merged or renumbered since they were recorded)."""
    codes = set(
        db.session.scalars(
            sa.select(Parcel.region_code).where(
                Parcel.region_code.is_not(None), Parcel.status.not_in(FINAL_STATUSES)
            )
        )
    ) | set(
        db.session.scalars(
            sa.select(Document.region_code).where(
                Document.region_code.is_not(None), Document.status != DocumentStatus.PACKED
            )
        )
    )
    gone = sorted(code for code in codes if region_name(code) is None)
    for code in gone:
        click.echo(f"{code} is not in {DATASET_PACKAGE} {dataset_version()}: correct its addresses")
    click.echo(f"{len(codes)} village codes in use, {len(gone)} not in the region list.")


@region_commands.command("update")
def update() -> None:
    """Install the newest region data, pin its version in pyproject.toml, and check the
    stored addresses against it."""
    before = dataset_version()
    upgrade_package()
    after = installed_version()
    pin_version(Path(current_app.root_path).parent / "pyproject.toml", after)
    click.echo(f"{DATASET_PACKAGE}: {before} -> {after}")
    check_in_new_process()


def upgrade_package() -> None:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--upgrade", DATASET_PACKAGE]
    subprocess.run(command, check=True)


def check_in_new_process() -> None:
    """Run `regions check` where the new data is loaded, not this process's old copy."""
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "regions", "check"], check=True)


def installed_version() -> str:
    """The version pip just installed (this process still has the old data loaded)."""
    program = f"from importlib.metadata import version; print(version({DATASET_PACKAGE!r}))"
    answer = subprocess.run(
        [sys.executable, "-c", program], check=True, capture_output=True, text=True
    )
    return answer.stdout.strip()


def pin_version(pyproject: Path, version: str) -> None:
    """Move the pin in a source checkout's pyproject.toml (an installed app has none)."""
    if pyproject.exists():
        text = pyproject.read_text("utf-8")
        pyproject.write_text(PIN.sub(f'"{DATASET_PACKAGE}=={version}"', text), "utf-8")
