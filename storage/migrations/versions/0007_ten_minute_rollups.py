"""10-minute rollups: EN 50160's aggregation interval, written by the sealer for sealed hours.

The hours already sealed are rolled up here from their minute rollups, in SQL, one point at a
time (grouping a whole history at once needs memory in proportion to it), so an upgraded database
gives fast diagnostics reports at once. This file is frozen with its revision.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FROM_MINUTES = """
INSERT INTO rollup_10m (point_id, bucket_ms, n_good, n_bad, v_min, v_max, v_sum, first_ts, last_ts, delta)
SELECT m.point_id, (m.bucket_ms / 600000) * 600000, SUM(m.n_good), SUM(m.n_bad), MIN(m.v_min), MAX(m.v_max),
       SUM(m.v_sum), MIN(m.first_ts), MAX(m.last_ts), SUM(m.delta)
FROM rollup_1m m
WHERE m.point_id = :point AND EXISTS (SELECT 1 FROM sample_blocks b
              WHERE b.point_id = m.point_id AND b.start_ms = (m.bucket_ms / 3600000) * 3600000)
GROUP BY m.point_id, (m.bucket_ms / 600000) * 600000
"""


def upgrade() -> None:
    op.create_table(
        "rollup_10m",
        sa.Column("point_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bucket_ms", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("n_good", sa.Integer, nullable=False),
        sa.Column("n_bad", sa.Integer, nullable=False),
        sa.Column("v_min", sa.Float),
        sa.Column("v_max", sa.Float),
        sa.Column("v_sum", sa.Float, nullable=False),
        sa.Column("first_ts", sa.BigInteger),
        sa.Column("v_first", sa.Float),
        sa.Column("last_ts", sa.BigInteger),
        sa.Column("v_last", sa.Float),
        sa.Column("delta", sa.Float),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    for point_id in connection.execute(sa.text("SELECT id FROM points ORDER BY id")).scalars().all():
        connection.execute(sa.text(FROM_MINUTES), {"point": point_id})


def downgrade() -> None:
    op.drop_table("rollup_10m")
