"""The counts' work that runs on a schedule."""

from delivery.core.jobs.registry import periodic_task
from delivery.status_counts import operations


@periodic_task
def merge_status_count_changes() -> int:
    """Merge the changes of the counts per status, so reading a count stays a few rows."""
    return operations.merge_changes()
