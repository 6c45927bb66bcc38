"""The reports' work that runs on a schedule."""

from delivery.core.jobs.registry import periodic_task
from delivery.reports import rollup


@periodic_task
def count_offices_recent_months() -> int:
    """Count every office's current and previous month for the supervisors' page, when due."""
    return rollup.count_recent_months()
