"""Resident messages sent and wrong codes counted become rows; parcels' counters never negative

Until now "the resident got this event's message" and "this phone record's wrong code was
counted" were found by reading the audit trail's JSON. Each is now a row with a unique key,
filled here from the audit entries written so far (the audit trail keeps them as a record).

Revision ID: 0f73a0f87359
Revises: 5b0e2c7d9a41
Create Date: 2026-12-02 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0f73a0f87359"
down_revision = "5b0e2c7d9a41"
branch_labels = None
depends_on = None

audit_entry = sa.table(
    "audit_entry",
    sa.column("action", sa.String),
    sa.column("object_type", sa.String),
    sa.column("object_id", sa.String),
    sa.column("actor_id", sa.Integer),
    sa.column("occurred_at", sa.DateTime),
    sa.column("after", sa.JSON),
)
tracking_event = sa.table("tracking_event", sa.column("id", sa.Integer))
parcel = sa.table("parcel", sa.column("id", sa.Integer))
resident_message = sa.table(
    "resident_message",
    sa.column("tracking_event_id", sa.Integer),
    sa.column("sent_at", sa.DateTime),
)
wrong_code = sa.table(
    "wrong_code",
    sa.column("parcel_id", sa.Integer),
    sa.column("client_event_id", sa.String),
    sa.column("courier_id", sa.Integer),
    sa.column("entered_at", sa.DateTime),
)


def upgrade():
    op.create_table(
        "resident_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_event_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tracking_event_id"],
            ["tracking_event.id"],
            name=op.f("fk_resident_message_tracking_event_id_tracking_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_message")),
        sa.UniqueConstraint(
            "tracking_event_id", name=op.f("uq_resident_message_tracking_event_id")
        ),
    )
    op.create_table(
        "wrong_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("client_event_id", sa.String(length=64), nullable=False),
        sa.Column("courier_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["courier_id"], ["user_account.id"], name=op.f("fk_wrong_code_courier_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcel.id"], name=op.f("fk_wrong_code_parcel_id_parcel")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wrong_code")),
        sa.UniqueConstraint("parcel_id", "client_event_id", name=op.f("uq_wrong_code_parcel_id")),
    )
    with op.batch_alter_table("parcel", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_parcel_failed_attempts_not_negative"), "failed_attempts >= 0"
        )
        batch_op.create_check_constraint(
            op.f("ck_parcel_verification_failures_not_negative"), "verification_failures >= 0"
        )
    fill_resident_messages()
    fill_wrong_codes()


def json_text(column: sa.ColumnElement, key: str) -> sa.ColumnElement:
    """The text of one key of a JSON column, on PostgreSQL and on SQLite."""
    if op.get_bind().dialect.name == "postgresql":
        return column.op("->>")(sa.literal_column(f"'{key}'"))
    return sa.cast(sa.func.json_extract(column, f"$.{key}"), sa.String)


def fill_resident_messages() -> None:
    """One row per event whose message an audit entry says was sent, dated by the first."""
    event_id = json_text(audit_entry.c.after, "event_id")
    sent = (
        sa.select(tracking_event.c.id, sa.func.min(audit_entry.c.occurred_at))
        .select_from(audit_entry)
        .join(tracking_event, sa.cast(tracking_event.c.id, sa.String) == event_id)
        .where(audit_entry.c.action == "resident.notified")
        .group_by(tracking_event.c.id)
    )
    op.execute(resident_message.insert().from_select(["tracking_event_id", "sent_at"], sent))


def fill_wrong_codes() -> None:
    """One row per parcel and phone record whose wrong code an audit entry says was counted."""
    client_event_id = json_text(audit_entry.c.after, "client_event_id")
    counted = (
        sa.select(
            parcel.c.id,
            client_event_id,
            sa.func.min(audit_entry.c.actor_id),
            sa.func.min(audit_entry.c.occurred_at),
        )
        .select_from(audit_entry)
        .join(parcel, sa.cast(parcel.c.id, sa.String) == audit_entry.c.object_id)
        .where(
            audit_entry.c.action == "parcel.verification_failed",
            audit_entry.c.object_type == "parcel",
            client_event_id.is_not(None),
        )
        .group_by(parcel.c.id, client_event_id)
    )
    op.execute(
        wrong_code.insert().from_select(
            ["parcel_id", "client_event_id", "courier_id", "entered_at"], counted
        )
    )


def downgrade():
    with op.batch_alter_table("parcel", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_parcel_verification_failures_not_negative"), type_="check"
        )
        batch_op.drop_constraint(op.f("ck_parcel_failed_attempts_not_negative"), type_="check")
    op.drop_table("wrong_code")
    op.drop_table("resident_message")
