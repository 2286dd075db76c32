"""Points catalogue and raw samples.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "points",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.String(200), nullable=False, unique=True),
        sa.Column("unit", sa.String(20), nullable=False, server_default=""),
    )
    op.create_table(
        "samples",
        sa.Column("point_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts_ms", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.Column("quality", sa.SmallInteger, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("samples")
    op.drop_table("points")
