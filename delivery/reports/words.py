"""The words of the monthly report: each figure's name, what it counts, and how it reads."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from delivery.reports.figures import (
    FIGURE_NAMES,
    NO_REASON,
    REASON_KEYS,
    TABLE_FIGURES,
    AreaFigures,
    shown_figures,
)
from delivery.vocabulary import reason_label

FIGURE_LABELS = {
    "documents_received": _l("Documents received"),
    "parcels_dispatched": _l("Parcels handed to the post"),
    "parcels_delivered": _l("Parcels delivered"),
    "first_attempts": _l("Parcels visited for the first time"),
    "first_attempt_successes": _l("Delivered at the first visit"),
    "first_attempt_success_rate": _l("First-visit success"),
    "median_days_to_door": _l("Days from ready to the door (median)"),
    "p90_days_to_door": _l("Days from ready to the door (9 in 10 within)"),
    "parcels_returned": _l("Parcels back at the office"),
    "parcels_collected": _l("Parcels collected at the counter"),
    "failed_attempts": _l("Failed visits"),
    "past_service_level": _l("Parcels past the service level"),
    "fees_collected": _l("Delivery fees collected"),
}
SHORT_LABELS = {
    "documents_received": _l("Documents in"),
    "parcels_dispatched": _l("Handed over"),
    "parcels_delivered": _l("Delivered"),
    "first_attempt_success_rate": _l("1st visit"),
    "median_days_to_door": _l("Median days"),
    "p90_days_to_door": _l("Days, 9 in 10"),
    "parcels_returned": _l("Returned"),
    "parcels_collected": _l("Collected"),
    "failed_attempts": _l("Failed"),
    "past_service_level": _l("Late"),
    "fees_collected": _l("Fees"),
}
EXPLANATIONS = [
    _l("Every figure counts what happened in the month on the office's clocks."),
    _l(
        "First-visit success: of the parcels whose first visit at the door fell in the month, "
        "the share delivered at that visit."
    ),
    _l(
        "Days from ready to the door: from packing to delivery, for the parcels delivered in "
        "the month; half of them took at most the median, nine in ten at most the second figure."
    ),
    _l(
        "Past the service level: parcels whose deadline (the office's days after handing them "
        "to the post) passed in the month before they were delivered, returned or cancelled."
    ),
]


def figure_label(name: str) -> str:
    return str(FIGURE_LABELS[name])


def short_label(name: str) -> str:
    return str(SHORT_LABELS.get(name, FIGURE_LABELS[name]))


def failure_reason_label(key: str) -> str:
    return _("no reason given") if key == NO_REASON else reason_label(key)


def figure_text(area: AreaFigures, name: str) -> str:
    """A figure as a person reads it: a dash where there is nothing to count."""
    value = getattr(area, name)
    if value is None:
        return "–"
    if name == "first_attempt_success_rate":
        return f"{format_decimal(value, format='#,##0.0')}%"
    if name in ("median_days_to_door", "p90_days_to_door"):
        return format_decimal(value, format="#,##0.0")
    if name == "fees_collected":
        return f"Rp{format_decimal(value, format='#,##0')}"
    return format_decimal(value, format="#,##0")


def failure_reasons_text(area: AreaFigures) -> list[tuple[str, int]]:
    """The reasons failed visits were given, most frequent first."""
    counted = [(key, area.failure_reasons.get(key, 0)) for key in REASON_KEYS]
    ordered = sorted((pair for pair in counted if pair[1]), key=lambda pair: -pair[1])
    return [(failure_reason_label(key), count) for key, count in ordered]


def template_helpers() -> dict:
    """What the report templates call to name and show figures."""
    return {
        "figure_label": figure_label,
        "short_label": short_label,
        "figure_text": figure_text,
        "failure_reasons": failure_reasons_text,
        "explanations": EXPLANATIONS,
        "tile_figures": lambda charges_fee: shown_figures(FIGURE_NAMES, charges_fee),
        "table_figures": lambda charges_fee: shown_figures(TABLE_FIGURES, charges_fee),
    }
