"""Indexes that serve the staff lists a page at a time: each list's filter and order

Revision ID: b7e3d5a1c942
Revises: b7f3d2a91c04
Create Date: 2026-11-29 14:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e3d5a1c942"
down_revision = "b7f3d2a91c04"
branch_labels = None
depends_on = None

COMING_BACK = sa.text("status IN ('returning', 'returned')")
REPLACED = {  # an office's index, replaced by one that also keeps the list's order
    "document": "ix_document_office_id",
    "parcel": "ix_parcel_office_id",
    "dispatch_batch": "ix_dispatch_batch_office_id",
}
NEW_INDEXES = (
    ("ix_document_office_id_id", "document", ["office_id", "id"]),
    ("ix_document_office_id_status_id", "document", ["office_id", "status", "id"]),
    ("ix_document_office_id_village_id", "document", ["office_id", "village", "id"]),
    ("ix_document_office_id_document_number", "document", ["office_id", "document_number"]),
    ("ix_parcel_office_id_id", "parcel", ["office_id", "id"]),
    ("ix_parcel_office_id_status_id", "parcel", ["office_id", "status", "id"]),
    ("ix_dispatch_batch_office_id_id", "dispatch_batch", ["office_id", "id"]),
)


def upgrade():
    for name, table, columns in NEW_INDEXES:
        op.create_index(name, table, columns)
    op.create_index(
        "ix_parcel_office_id_coming_back",
        "parcel",
        ["office_id", "status_changed_at", "id"],
        postgresql_where=COMING_BACK,
        sqlite_where=COMING_BACK,
    )
    op.create_index(  # prefix patterns (LIKE '18.02.06.%') use it whatever the collation
        "ix_parcel_office_id_region_code_id",
        "parcel",
        ["office_id", "region_code", "id"],
        postgresql_ops={"region_code": "varchar_pattern_ops"},
    )
    for table, name in REPLACED.items():
        op.drop_index(name, table_name=table)


def downgrade():
    for table, name in REPLACED.items():
        op.create_index(name, table, ["office_id"])
    op.drop_index("ix_parcel_office_id_region_code_id", table_name="parcel")
    op.drop_index("ix_parcel_office_id_coming_back", table_name="parcel")
    for name, table, _columns in reversed(NEW_INDEXES):
        op.drop_index(name, table_name=table)
