"""The one clock of the application; tests replace it through the CLOCK setting."""

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def system_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def utcnow() -> datetime:
    """Return 'now' from the app's configured clock, or the system clock outside an app."""
    if has_app_context():
        clock: Callable[[], datetime] = current_app.config.get("CLOCK") or system_now
        return clock()
    return system_now()


def default_zone() -> ZoneInfo:
    """The app's time zone, for what belongs to no office (the resident's pages yet)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def office_zone(office) -> ZoneInfo:
    """The time zone an office counts its calendar days in (WIB, WITA or WIT)."""
    return ZoneInfo(office.time_zone)
