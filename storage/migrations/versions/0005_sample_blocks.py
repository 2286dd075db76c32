"""Sealed blocks: completed hours of each point's samples packed into one compressed row.

Existing samples stay rows until the writer seals their hours; nothing is converted here,
so the upgrade is instant whatever the size of the history.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sample_blocks",
        sa.Column("point_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("start_ms", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("end_ms", sa.BigInteger, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sample_blocks")
