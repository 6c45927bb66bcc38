"""Indexes that find an office's parcels changed since a moment: its events by the time they
were received, its parcels by the time they were packed

Revision ID: d2f6a9c3e1b7
Revises: c5d1e8f2a7b3
Create Date: 2026-11-29 14:55:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d2f6a9c3e1b7"
down_revision = "c5d1e8f2a7b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_tracking_event_office_id_received_at",
        "tracking_event",
        ["office_id", "received_at"],
        postgresql_include=["parcel_id"],
    )
    op.create_index("ix_parcel_office_id_created_at", "parcel", ["office_id", "created_at"])


def downgrade():
    op.drop_index("ix_parcel_office_id_created_at", table_name="parcel")
    op.drop_index("ix_tracking_event_office_id_received_at", table_name="tracking_event")
