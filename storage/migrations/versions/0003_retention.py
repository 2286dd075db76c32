"""Retention per resolution, kept in the database so that every workstation sharing it agrees.

Defaults: raw samples 400 days, 1-minute rollups 5 years, hourly and daily forever (NULL).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    retention = op.create_table(
        "retention",
        sa.Column("resolution", sa.String(8), primary_key=True),
        sa.Column("keep_days", sa.Integer, nullable=True),
    )
    op.bulk_insert(
        retention,
        [
            {"resolution": "raw", "keep_days": 400},
            {"resolution": "1m", "keep_days": 5 * 365 + 1},
            {"resolution": "1h", "keep_days": None},
            {"resolution": "1d", "keep_days": None},
        ],
    )


def downgrade() -> None:
    op.drop_table("retention")
