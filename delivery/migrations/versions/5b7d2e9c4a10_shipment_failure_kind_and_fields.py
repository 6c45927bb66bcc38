"""Shipment failure kind and fields: why the carrier did not take a shipment, for staff

Revision ID: 5b7d2e9c4a10
Revises: 3c9e71a5d2f8
Create Date: 2026-11-29 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b7d2e9c4a10"
down_revision = "3c9e71a5d2f8"
branch_labels = None
depends_on = None

FAILURE_KINDS = ("refused", "credentials", "unreachable", "carrier_error", "rate_limited", "other")


def upgrade():
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "failure_kind",
                sa.Enum(*FAILURE_KINDS, name="submissionfailure", native_enum=False, length=32),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("failure_fields", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("shipment", schema=None) as batch_op:
        batch_op.drop_column("failure_fields")
        batch_op.drop_column("failure_kind")
