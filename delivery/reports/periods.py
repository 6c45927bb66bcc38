"""A calendar month of an office, read from `YYYY-MM`, and the UTC instants that bound it."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from delivery.core.errors import DomainError

MONTH_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None) -> "Month":
        """Read a month written as YYYY-MM (2000-01 to 2099-12)."""
        if text is None or not re.match(MONTH_PATTERN, text):
            raise DomainError(_("Give the month as YYYY-MM, for example 2026-03."), field="month")
        year, month = text.split("-")
        return cls(int(year), int(month))

    @classmethod
    def containing(cls, moment: datetime, zone: ZoneInfo) -> "Month":
        local = moment.astimezone(zone)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def following(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def preceding(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def starts_at(self, zone: ZoneInfo) -> datetime:
        """The UTC instant at which the month begins on the office's clocks."""
        return datetime.combine(self.first_day, time.min, tzinfo=zone).astimezone(UTC)

    def ends_at(self, zone: ZoneInfo) -> datetime:
        """The UTC instant at which the next month begins on the office's clocks."""
        return self.following().starts_at(zone)
