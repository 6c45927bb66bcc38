"""The audit trail as a CSV file a spreadsheet opens safely."""

import csv
import io

from delivery.audit_trail.queries import AuditRow, written
from delivery.core.clock import office_zone
from delivery.intake.refused_rows import spreadsheet_text
from delivery.models import Office

COLUMNS = ("time", "person", "action", "object_type", "object", "before", "after")


def audit_csv(office: Office, rows: list[AuditRow]) -> str:
    """One line per entry, times in the office's zone, before and after as JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    zone = office_zone(office)
    for row in rows:
        entry = row.entry
        cells = (
            entry.occurred_at.astimezone(zone).isoformat(timespec="seconds"),
            entry.actor_label,
            entry.action,
            entry.object_type,
            row.object_name,
            written(entry.before),
            written(entry.after),
        )
        writer.writerow([spreadsheet_text(cell) for cell in cells])
    return "\ufeff" + buffer.getvalue()
