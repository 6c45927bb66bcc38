"""Inbox events wait for their shipment; outbox entries know the job that holds them

Revision ID: 5b0e2c7d9a41
Revises: 5b7d2e9c4a10
Create Date: 2026-11-29 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5b0e2c7d9a41"
down_revision = "5b7d2e9c4a10"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("carrier_inbox_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carrier_shipment_id", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_carrier_inbox_event_carrier_shipment_id"),
            ["carrier_shipment_id"],
            unique=False,
        )
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.String(length=80), nullable=True))
    inbox = sa.table(
        "carrier_inbox_event",
        sa.column("carrier_shipment_id", sa.String),
        sa.column("processed_at", sa.DateTime),
        sa.column("outcome", sa.String),
    )
    if op.get_bind().dialect.name == "postgresql":
        shipment_id = sa.literal_column("payload ->> 'shipment_id'")
    else:
        shipment_id = sa.func.json_extract(sa.literal_column("payload"), "$.shipment_id")
    op.execute(inbox.update().values(carrier_shipment_id=shipment_id))
    # events once put aside for an unknown shipment wait again, and land if it is known now
    op.execute(
        inbox.update().where(inbox.c.outcome == "unknown_shipment").values(processed_at=None)
    )


def downgrade():
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.drop_column("job_id")
    with op.batch_alter_table("carrier_inbox_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carrier_inbox_event_carrier_shipment_id"))
        batch_op.drop_column("carrier_shipment_id")
