"""Alerts: the outbox of notifications, and a phone number for accounts that agreed to SMS alerts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("phone", sa.String(32), nullable=True))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("alarm", sa.String(200), nullable=False),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("event_ms", sa.BigInteger, nullable=False),
        sa.Column("tier", sa.Integer, nullable=False),
        sa.Column("rule", sa.String(100), nullable=False),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_ms", sa.BigInteger, nullable=False),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        sa.Column("claimed_ms", sa.BigInteger, nullable=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("sent_ms", sa.BigInteger, nullable=True),
        sa.Column("sent_as", sa.String(200), nullable=True),
        sa.Column("result", sa.Text, nullable=True),
    )
    op.create_index("ix_notifications_due", "notifications", ["status", "next_ms"])
    op.create_index("ix_notifications_alarm", "notifications", ["alarm", "event_ms"])


def downgrade() -> None:
    op.drop_index("ix_notifications_alarm", "notifications")
    op.drop_index("ix_notifications_due", "notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("phone")
