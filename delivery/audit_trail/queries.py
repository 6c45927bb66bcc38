"""The office's audit entries that match a filter, with the names of the things they changed."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from delivery.core.clock import office_zone
from delivery.core.database import db
from delivery.core.paging import Page, page_of
from delivery.models import ApiToken, AuditEntry, Office, Parcel, User
from delivery.parcels.codes import normalize_tracking_code

LARGEST_EXPORT = 100_000


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for; empty parts do not filter."""

    person: str = ""
    tracking_code: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    object_name: str


def day_start(office: Office, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=office_zone(office))


def matching(office: Office, wanted: AuditFilter) -> sa.Select:
    """The statement for the office's entries the filter keeps, newest first."""
    query = sa.select(AuditEntry).where(AuditEntry.office_id == office.id)
    if wanted.person:
        query = query.where(AuditEntry.actor_label == wanted.person)
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.tracking_code:
        parcel_id = db.session.scalar(
            sa.select(Parcel.id).where(
                Parcel.office_id == office.id,
                Parcel.tracking_code == normalize_tracking_code(wanted.tracking_code),
            )
        )
        query = query.where(
            AuditEntry.object_type == "parcel", AuditEntry.object_id == str(parcel_id or -1)
        )
    if wanted.since:
        query = query.where(AuditEntry.occurred_at >= day_start(office, wanted.since))
    if wanted.until:
        query = query.where(
            AuditEntry.occurred_at < day_start(office, wanted.until + timedelta(days=1))
        )
    return query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())


def page_of_entries(
    office: Office, wanted: AuditFilter, number: int
) -> tuple[Page, list[AuditRow]]:
    """One page of the entries the filter keeps, each named."""
    page = page_of(matching(office, wanted), number)
    return page, named(page.rows)


def every_entry(office: Office, wanted: AuditFilter) -> list[AuditRow]:
    return named(db.session.scalars(matching(office, wanted).limit(LARGEST_EXPORT)).all())


def named(entries: list[AuditEntry]) -> list[AuditRow]:
    """Give each entry the name of what it changed: a tracking code, a username, a token."""
    ids: dict[str, set[int]] = {}
    for entry in entries:
        if entry.object_id.isdigit():
            ids.setdefault(entry.object_type, set()).add(int(entry.object_id))
    names = {
        **names_of("parcel", Parcel.id, Parcel.tracking_code, ids),
        **names_of("user", User.id, User.username, ids),
        **names_of("office", Office.id, Office.code, ids),
        **names_of("apitoken", ApiToken.id, "…" + ApiToken.hint, ids),
    }
    return [
        AuditRow(entry, names.get((entry.object_type, entry.object_id), entry.object_id))
        for entry in entries
    ]


def names_of(kind: str, id_column, name_column, ids: dict[str, set[int]]) -> dict:
    if not ids.get(kind):
        return {}
    rows = db.session.execute(sa.select(id_column, name_column).where(id_column.in_(ids[kind])))
    return {(kind, str(row_id)): name for row_id, name in rows}


def people_and_actions(office: Office) -> tuple[list[str], list[str]]:
    """Who and which actions appear in the office's trail, for the filter's choices."""

    def distinct(column) -> list[str]:
        return list(
            db.session.scalars(
                sa.select(column)
                .where(AuditEntry.office_id == office.id)
                .distinct()
                .order_by(column)
            )
        )

    return distinct(AuditEntry.actor_label), distinct(AuditEntry.action)


def written(values: dict | None) -> str:
    """Before or after values on one line."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""
