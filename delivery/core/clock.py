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


def office_zone() -> ZoneInfo:
    """The time zone the office's calendar days are counted in."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
