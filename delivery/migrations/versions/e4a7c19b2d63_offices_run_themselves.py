"""Offices run themselves: the rest of the delivery rule, forced password changes, what the
courier records for it, the source's own time of an event, and the demo's copy of messages

Revision ID: e4a7c19b2d63
Revises: e4a1c9b27d30
Create Date: 2026-11-29 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4a7c19b2d63"
down_revision = "e4a1c9b27d30"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "representative_with_letter", sa.Boolean(), nullable=False, server_default="0"
            )
        )
        batch_op.add_column(
            sa.Column("delivery_fee", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("takes_back_old_card", sa.Boolean(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("letter_photo", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("letter_photo_content_type", sa.String(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("fee_received", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("old_card_taken_back", sa.Boolean(), nullable=True))
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "demo_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=True),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_demo_message_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcel.id"], name=op.f("fk_demo_message_parcel_id_parcel")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demo_message")),
    )
    with op.batch_alter_table("demo_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demo_message_office_id"), ["office_id"], unique=False)


def downgrade():
    with op.batch_alter_table("demo_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demo_message_office_id"))
    op.drop_table("demo_message")
    with op.batch_alter_table("tracking_event", schema=None) as batch_op:
        batch_op.drop_column("reported_at")
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.drop_column("old_card_taken_back")
        batch_op.drop_column("fee_received")
        batch_op.drop_column("letter_photo_content_type")
        batch_op.drop_column("letter_photo")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("takes_back_old_card")
        batch_op.drop_column("delivery_fee")
        batch_op.drop_column("representative_with_letter")
