"""Official region codes on addresses, landmarks, residents' requests and carrier instructions

Revision ID: e4a1c9b27d30
Revises: e4a7c2d19b35
Create Date: 2026-11-29 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4a1c9b27d30"
down_revision = "e4a7c2d19b35"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region_code", sa.String(length=13), nullable=True))
        batch_op.create_index("ix_document_region_code", ["region_code"], unique=False)
    with op.batch_alter_table("parcel", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region_code", sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column("landmark", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("address_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_parcel_region_code", ["region_code"], unique=False)
    op.create_table(
        "resident_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcel.id"], name="fk_resident_request_parcel_id_parcel"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_resident_request"),
    )
    op.create_index("ix_resident_request_parcel_id", "resident_request", ["parcel_id"])
    op.create_index("ix_resident_request_made_at", "resident_request", ["made_at"])
    op.create_table(
        "carrier_instruction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("carrier_reference", sa.String(length=80), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcel.id"], name="fk_carrier_instruction_parcel_id_parcel"
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipment.id"], name="fk_carrier_instruction_shipment_id_shipment"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_carrier_instruction"),
    )
    op.create_index("ix_carrier_instruction_parcel_id", "carrier_instruction", ["parcel_id"])
    op.create_index("ix_carrier_instruction_shipment_id", "carrier_instruction", ["shipment_id"])
    op.create_index("ix_carrier_instruction_state", "carrier_instruction", ["state"])


def downgrade():
    op.drop_table("carrier_instruction")
    op.drop_table("resident_request")
    with op.batch_alter_table("parcel", schema=None) as batch_op:
        batch_op.drop_index("ix_parcel_region_code")
        batch_op.drop_column("address_confirmed_at")
        batch_op.drop_column("landmark")
        batch_op.drop_column("region_code")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_region_code")
        batch_op.drop_column("region_code")
