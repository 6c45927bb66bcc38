"""Parcels with the carrier, in id order: the polling round walks them instead of every shipment

Revision ID: c5d1e8f2a7b3
Revises: b7e3d5a1c942
Create Date: 2026-11-29 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5d1e8f2a7b3"
down_revision = "b7e3d5a1c942"
branch_labels = None
depends_on = None

WITH_THE_CARRIER = (
    "status IN ('submitted', 'in_transit', 'out_for_delivery', 'attempt_failed', 'returning',"
    " 'exception')"
)


def upgrade():
    op.create_index(
        "ix_parcel_with_the_carrier",
        "parcel",
        ["id"],
        unique=False,
        postgresql_where=sa.text(WITH_THE_CARRIER),
        sqlite_where=sa.text(WITH_THE_CARRIER),
    )


def downgrade():
    op.drop_index("ix_parcel_with_the_carrier", table_name="parcel")
