"""An office's own rows: tracking events and shipments carry their parcel's office, indexed
for the dashboard and the monthly report; counts per status kept as they change, and each
office's figures of the recent months for the supervisors

Revision ID: b7f3d2a91c04
Revises: e4a7c19b2d63
Create Date: 2026-11-29 14:00:00.000000

Every insert, status change or delete of a document or parcel adds a change to
`status_count_change` by a database trigger, whatever path wrote it (the ORM, a set-based
UPDATE, a bulk INSERT). Changes are only ever inserted, so concurrent workers never wait on
each other for a count; a periodic task merges them.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7f3d2a91c04"
down_revision = "e4a7c19b2d63"
branch_labels = None
depends_on = None

COUNTED_TABLES = ("document", "parcel")
TRACKED_AT_THE_DOOR = "status IN ('delivered', 'collected', 'returned', 'attempt_failed')"
MILESTONES = (
    "status IN ('delivered', 'collected', 'returned', 'attempt_failed', 'returning', 'cancelled')"
)

POSTGRESQL_COUNTING = """
CREATE FUNCTION count_status_changes() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO status_count_change (office_id, subject, status, change)
    SELECT office_id, TG_TABLE_NAME, status, count(*) FROM new_rows GROUP BY office_id, status;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO status_count_change (office_id, subject, status, change)
    SELECT office_id, TG_TABLE_NAME, status, -count(*) FROM old_rows GROUP BY office_id, status;
  ELSE
    INSERT INTO status_count_change (office_id, subject, status, change)
    SELECT office_id, TG_TABLE_NAME, status, sum(change) FROM (
      SELECT office_id, status, 1 AS change FROM new_rows
      UNION ALL SELECT office_id, status, -1 FROM old_rows
    ) AS moved GROUP BY office_id, status HAVING sum(change) <> 0;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""


def postgresql_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_counted_on_{operation.lower()} AFTER {operation} ON {table}
            REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION count_status_changes()"""
        for operation, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ]


def sqlite_triggers(table: str) -> list[str]:
    def change(row: str, sign: int) -> str:
        return (
            "INSERT INTO status_count_change (office_id, subject, status, change)"
            f" VALUES ({row}.office_id, '{table}', {row}.status, {sign});"
        )

    return [
        f"""CREATE TRIGGER {table}_counted_on_insert AFTER INSERT ON {table}
            BEGIN {change("NEW", 1)} END""",
        f"""CREATE TRIGGER {table}_counted_on_update AFTER UPDATE OF status, office_id ON {table}
            WHEN OLD.status IS NOT NEW.status OR OLD.office_id IS NOT NEW.office_id
            BEGIN {change("OLD", -1)} {change("NEW", 1)} END""",
        f"""CREATE TRIGGER {table}_counted_on_delete AFTER DELETE ON {table}
            BEGIN {change("OLD", -1)} END""",
    ]


def upgrade():
    add_office_to_events_and_shipments()
    add_office_row_indexes()
    op.create_table(
        "status_count_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_status_count_change_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_count_change")),
    )
    op.create_index(op.f("ix_status_count_change_office_id"), "status_count_change", ["office_id"])
    op.create_table(
        "office_month_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("total", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_office_month_figures_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_month_figures")),
        sa.UniqueConstraint("office_id", "month", name=op.f("uq_office_month_figures_office_id")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(POSTGRESQL_COUNTING)
    for table in COUNTED_TABLES:  # the triggers lock the table: no change slips past the count
        for statement in (postgresql_triggers if dialect == "postgresql" else sqlite_triggers)(
            table
        ):
            op.execute(statement)
        op.execute(
            "INSERT INTO status_count_change (office_id, subject, status, change)"
            f" SELECT office_id, '{table}', status, count(*) FROM {table}"
            " GROUP BY office_id, status"
        )


def add_office_to_events_and_shipments():
    for table in ("tracking_event", "shipment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("office_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {table} SET office_id = (SELECT parcel.office_id FROM parcel"
            f" WHERE parcel.id = {table}.parcel_id)"
            if op.get_bind().dialect.name == "sqlite"
            else f"UPDATE {table} SET office_id = parcel.office_id FROM parcel"
            f" WHERE parcel.id = {table}.parcel_id"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("office_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_office_id_office"), "office", ["office_id"], ["id"]
            )


def add_office_row_indexes():
    partial = {"postgresql_where": sa.text, "sqlite_where": sa.text}
    for name, table, columns, included, where in (
        ("ix_tracking_event_office_at_the_door", "tracking_event",
         ["office_id", "status", "occurred_at"], ["outcome", "parcel_id", "reason"],
         TRACKED_AT_THE_DOOR),
        ("ix_tracking_event_office_kept", "tracking_event", ["office_id", "received_at"], [],
         "outcome = 'rejected'"),
        ("ix_tracking_event_parcel_milestones", "tracking_event", ["parcel_id", "occurred_at"],
         ["status", "outcome"], MILESTONES),
        ("ix_shipment_office_submitted", "shipment", ["office_id", "submitted_at"],
         ["parcel_id", "state"], None),
        ("ix_shipment_office_failed", "shipment", ["office_id", "id"], [], "state = 'failed'"),
        ("ix_document_office_created", "document", ["office_id", "created_at"], [], None),
        ("ix_parcel_office_locked", "parcel", ["office_id", "locked_at"], [],
         "locked_at IS NOT NULL"),
        ("ix_delivery_attempt_fee_received", "delivery_attempt", ["occurred_at"], [],
         "fee_received IS NOT NULL"),
        ("ix_carrier_inbox_event_unreadable", "carrier_inbox_event", ["id"],
         ["carrier_shipment_id"], "outcome = 'unreadable'"),
    ):  # fmt: skip
        options = {key: make(where) for key, make in partial.items()} if where else {}
        op.create_index(name, table, columns, postgresql_include=included, **options)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in COUNTED_TABLES:
        for operation in ("insert", "update", "delete"):
            op.execute(
                f"DROP TRIGGER {table}_counted_on_{operation}"
                + (f" ON {table}" if dialect == "postgresql" else "")
            )
    if dialect == "postgresql":
        op.execute("DROP FUNCTION count_status_changes()")
    op.drop_table("office_month_figures")
    op.drop_index(op.f("ix_status_count_change_office_id"), table_name="status_count_change")
    op.drop_table("status_count_change")
    for name, table in (
        ("ix_tracking_event_office_at_the_door", "tracking_event"),
        ("ix_tracking_event_office_kept", "tracking_event"),
        ("ix_tracking_event_parcel_milestones", "tracking_event"),
        ("ix_shipment_office_submitted", "shipment"),
        ("ix_shipment_office_failed", "shipment"),
        ("ix_document_office_created", "document"),
        ("ix_parcel_office_locked", "parcel"),
        ("ix_delivery_attempt_fee_received", "delivery_attempt"),
        ("ix_carrier_inbox_event_unreadable", "carrier_inbox_event"),
    ):
        op.drop_index(name, table_name=table)
    for table in ("tracking_event", "shipment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_office_id_office", type_="foreignkey")
            batch_op.drop_column("office_id")
