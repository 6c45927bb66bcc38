"""Carrier inbox, outbox leases, office village and district

Revision ID: 787ad3ecad98
Revises: cc3d11821869
Create Date: 2026-11-23 16:46:56.924747

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "787ad3ecad98"
down_revision = "cc3d11821869"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("village", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("district", sa.String(length=100), nullable=False, server_default="")
        )
    op.create_table(
        "carrier_inbox_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carrier_event_id", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carrier_inbox_event")),
        sa.UniqueConstraint(
            "carrier_event_id", name=op.f("uq_carrier_inbox_event_carrier_event_id")
        ),
    )
    with op.batch_alter_table("carrier_inbox_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_carrier_inbox_event_processed_at"), ["processed_at"], unique=False
        )

    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_attempt_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default=sa.func.now(),
            )
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_entry_next_attempt_at"), ["next_attempt_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("district")
        batch_op.drop_column("village")
    with op.batch_alter_table("outbox_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_entry_next_attempt_at"))
        batch_op.drop_column("next_attempt_at")

    with op.batch_alter_table("carrier_inbox_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carrier_inbox_event_processed_at"))

    op.drop_table("carrier_inbox_event")
