"""The figures of one area (a village, a district, or a whole office) for one month."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

from delivery.models import AttemptReason, Office
from delivery.reports.periods import Month

NO_REASON = "unspecified"
REASON_KEYS = [reason.value for reason in AttemptReason] + [NO_REASON]
COUNTS = (
    "documents_received",
    "parcels_dispatched",
    "parcels_delivered",
    "first_attempts",
    "first_attempt_successes",
    "parcels_returned",
    "parcels_collected",
    "failed_attempts",
    "past_service_level",
)
# the figures in the order a head of office reads them; failure reasons come after them
FIGURE_NAMES = (
    "documents_received",
    "parcels_dispatched",
    "parcels_delivered",
    "first_attempts",
    "first_attempt_successes",
    "first_attempt_success_rate",
    "median_days_to_door",
    "p90_days_to_door",
    "parcels_returned",
    "parcels_collected",
    "failed_attempts",
    "past_service_level",
    "fees_collected",
)
# the figures of an area's row in a table: the attempts behind the success rate stay in the tiles
TABLE_FIGURES = tuple(
    name for name in FIGURE_NAMES if name not in ("first_attempts", "first_attempt_successes")
)


def shown_figures(names: tuple[str, ...], charges_fee: bool) -> list[str]:
    """The figures to show, leaving out fees where the office charges none."""
    return [name for name in names if name != "fees_collected" or charges_fee]


@dataclass
class AreaFigures:
    """What happened in one area in the month; district and village are None above them."""

    district: str | None = None
    village: str | None = None
    documents_received: int = 0
    parcels_dispatched: int = 0
    parcels_delivered: int = 0
    first_attempts: int = 0
    first_attempt_successes: int = 0
    median_days_to_door: float | None = None
    p90_days_to_door: float | None = None
    parcels_returned: int = 0
    parcels_collected: int = 0
    failed_attempts: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)
    past_service_level: int = 0
    fees_collected: int | None = None

    @property
    def first_attempt_success_rate(self) -> float | None:
        """The share of first attempts at the door that delivered, in percent."""
        if not self.first_attempts:
            return None
        return round(100 * self.first_attempt_successes / self.first_attempts, 1)

    def add(self, other: "AreaFigures") -> None:
        """Add another area's counts to this one (percentiles are not added: they are
        computed for each level from the parcels themselves)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, count in other.failure_reasons.items():
            self.failure_reasons[reason] = self.failure_reasons.get(reason, 0) + count
        if other.fees_collected is not None:
            self.fees_collected = (self.fees_collected or 0) + other.fees_collected

    def as_dict(self) -> dict:
        values = {name: getattr(self, name) for name in FIGURE_NAMES}
        reasons = {key: self.failure_reasons.get(key, 0) for key in REASON_KEYS}
        return (
            {"district": self.district, "village": self.village}
            | values
            | {"failure_reasons": reasons}
        )


@dataclass
class MonthlyReport:
    office: Office
    month: Month
    generated_at: datetime
    charges_fee: bool
    office_total: AreaFigures
    districts: list[AreaFigures]
    villages: list[AreaFigures]

    def with_fees_counted(self) -> "MonthlyReport":
        """Show a fee count of 0, not none, in every area where the office charges a fee."""
        if self.charges_fee:
            for area in [self.office_total, *self.districts, *self.villages]:
                area.fees_collected = area.fees_collected or 0
        return self

    def stored_figures(self) -> dict:
        """The figures of every area, as kept for the recent months."""
        return {
            "total": asdict(self.office_total),
            "districts": [asdict(area) for area in self.districts],
            "villages": [asdict(area) for area in self.villages],
        }

    def as_dict(self) -> dict:
        return {
            "office": {"code": self.office.code, "name": self.office.name},
            "month": str(self.month),
            "time_zone": self.office.time_zone,
            "service_level_days": self.office.service_level_days,
            "charges_fee": self.charges_fee,
            "generated_at": self.generated_at.isoformat(),
            "total": self.office_total.as_dict(),
            "districts": [area.as_dict() for area in self.districts],
            "villages": [area.as_dict() for area in self.villages],
        }
