"""Reports and privacy: an office's time zone and retention period, a supervisor's province,
the record of views of personal data, and documents whose processing is restricted

Revision ID: e4a7c2d19b35
Revises: 0f73a0f87359
Create Date: 2026-11-29 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e4a7c2d19b35"
down_revision = "0f73a0f87359"
branch_labels = None
depends_on = None

PLACES = ("doorstep_page", "staff_parcel_page", "proof_photo", "signature", "representative_letter")


def upgrade():
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("time_zone", sa.String(40), nullable=False, server_default="Asia/Jakarta")
        )
        batch_op.add_column(
            sa.Column("retention_days", sa.Integer(), nullable=False, server_default="90")
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supervised_province", sa.String(100), nullable=True))
    op.create_table(
        "personal_data_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=False),
        sa.Column(
            "place",
            sa.Enum(*PLACES, name="personaldataplace", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_personal_data_view_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcel.id"], name=op.f("fk_personal_data_view_parcel_id_parcel")
        ),
        sa.ForeignKeyConstraint(
            ["viewer_id"],
            ["user_account.id"],
            name=op.f("fk_personal_data_view_viewer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_view")),
    )
    with op.batch_alter_table("personal_data_view", schema=None) as batch_op:
        for column in ("office_id", "parcel_id", "viewer_id", "viewed_at"):
            batch_op.create_index(
                batch_op.f(f"ix_personal_data_view_{column}"), [column], unique=False
            )
    op.create_table(
        "processing_restriction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("restricted_by_id", sa.Integer(), nullable=True),
        sa.Column("restricted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_processing_restriction_document_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_processing_restriction_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["restricted_by_id"],
            ["user_account.id"],
            name=op.f("fk_processing_restriction_restricted_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_restriction")),
        sa.UniqueConstraint("document_id", name=op.f("uq_processing_restriction_document_id")),
    )
    with op.batch_alter_table("processing_restriction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processing_restriction_office_id"), ["office_id"], unique=False
        )


def downgrade():
    op.drop_table("processing_restriction")
    op.drop_table("personal_data_view")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("supervised_province")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
        batch_op.drop_column("time_zone")
