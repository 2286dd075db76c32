"""Alarm journal: present facts per alarm and the append-only event log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alarms",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("point", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("facts", sa.Text, nullable=False, server_default="{}"),
        sa.Column("state", sa.String(40), nullable=False, server_default="normal"),
        sa.Column("activated_ms", sa.BigInteger, nullable=True),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("updated_ms", sa.BigInteger, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "alarm_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("alarm_id", sa.Integer, sa.ForeignKey("alarms.id"), nullable=False),
        sa.Column("ts_ms", sa.BigInteger, nullable=False),
        sa.Column("recorded_ms", sa.BigInteger, nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("state_before", sa.String(40), nullable=False),
        sa.Column("state_after", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("first_out", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("facts", sa.Text, nullable=False, server_default="{}"),
        sa.Column("origin", sa.String(40), nullable=False, server_default=""),
    )
    op.create_index("ix_alarm_events_alarm_ts", "alarm_events", ["alarm_id", "ts_ms"])


def downgrade() -> None:
    op.drop_index("ix_alarm_events_alarm_ts", "alarm_events")
    op.drop_table("alarm_events")
    op.drop_table("alarms")
