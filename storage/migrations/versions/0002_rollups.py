"""Rollups per minute, hour and day, and which points are energy counters.

Existing samples are rolled up here, in SQL, so an upgraded database answers long-range
queries at once. This file is frozen with its revision: it keeps its own copy of the
counter units and of the aggregation rather than importing today's storage code.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTER_UNITS = ("wh", "kwh", "mwh", "gwh", "varh", "kvarh", "mvarh", "vah", "kvah", "mvah")
COLUMNS = "point_id, bucket_ms, n_good, n_bad, v_min, v_max, v_sum, first_ts, v_first, last_ts, v_last, delta"

# Good samples: per bucket count, extremes, sum, first and last; for counters the delta is
# the sum of increments from the previous good sample, a decrease counting as a reset.
FROM_SAMPLES = f"""
INSERT INTO {{table}} ({COLUMNS})
SELECT g.point_id, g.bucket_ms, COUNT(*), 0, MIN(g.v), MAX(g.v), SUM(g.v),
       MIN(g.ts_ms), MIN(g.v_first), MAX(g.ts_ms), MIN(g.v_last),
       CASE WHEN p.counter THEN SUM(CASE WHEN g.prev IS NULL THEN 0.0
                                        WHEN g.v >= g.prev THEN g.v - g.prev ELSE g.v END) END
FROM (
    SELECT s.point_id, s.ts_ms, s.value AS v, (s.ts_ms / {{width}}) * {{width}} AS bucket_ms,
           LAG(s.value) OVER (PARTITION BY s.point_id ORDER BY s.ts_ms) AS prev,
           FIRST_VALUE(s.value) OVER (PARTITION BY s.point_id, s.ts_ms / {{width}}
                                      ORDER BY s.ts_ms) AS v_first,
           FIRST_VALUE(s.value) OVER (PARTITION BY s.point_id, s.ts_ms / {{width}}
                                      ORDER BY s.ts_ms DESC) AS v_last
    FROM samples s WHERE s.quality = 0 AND s.value IS NOT NULL
) g JOIN points p ON p.id = g.point_id
GROUP BY g.point_id, g.bucket_ms, p.counter
"""

BAD_FROM_SAMPLES = f"""
INSERT INTO {{table}} ({COLUMNS})
SELECT s.point_id, (s.ts_ms / {{width}}) * {{width}}, 0, COUNT(*), NULL, NULL, 0.0, NULL, NULL, NULL, NULL,
       CASE WHEN p.counter THEN 0.0 END
FROM samples s JOIN points p ON p.id = s.point_id
WHERE NOT (s.quality = 0 AND s.value IS NOT NULL)
GROUP BY s.point_id, (s.ts_ms / {{width}}) * {{width}}, p.counter
ON CONFLICT (point_id, bucket_ms) DO UPDATE SET n_bad = excluded.n_bad
"""

FROM_FINER = f"""
INSERT INTO {{table}} ({COLUMNS})
SELECT f.point_id, f.bucket_ms2, SUM(f.n_good), SUM(f.n_bad), MIN(f.v_min), MAX(f.v_max), SUM(f.v_sum),
       MIN(f.first_ts), MIN(f.head), MAX(f.last_ts), MIN(f.tail), SUM(f.delta)
FROM (
    SELECT r.*, (r.bucket_ms / {{width}}) * {{width}} AS bucket_ms2,
           FIRST_VALUE(r.v_first) OVER (PARTITION BY r.point_id, r.bucket_ms / {{width}}
                                        ORDER BY r.first_ts NULLS LAST) AS head,
           FIRST_VALUE(r.v_last) OVER (PARTITION BY r.point_id, r.bucket_ms / {{width}}
                                       ORDER BY r.last_ts DESC NULLS LAST) AS tail
    FROM {{source}} r
) f
GROUP BY f.point_id, f.bucket_ms2
"""


def _rollup_table(name: str) -> None:
    op.create_table(
        name,
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


def upgrade() -> None:
    op.add_column("points", sa.Column("counter", sa.Boolean, nullable=False, server_default=sa.false()))
    points = sa.table("points", sa.column("unit", sa.String), sa.column("counter", sa.Boolean))
    op.execute(
        points.update()
        .where(sa.func.lower(sa.func.trim(points.c.unit)).in_(COUNTER_UNITS))
        .values(counter=True)
    )
    for name in ("rollup_1m", "rollup_1h", "rollup_1d"):
        _rollup_table(name)
    op.execute(FROM_SAMPLES.format(table="rollup_1m", width=60_000))
    op.execute(BAD_FROM_SAMPLES.format(table="rollup_1m", width=60_000))
    op.execute(FROM_FINER.format(table="rollup_1h", source="rollup_1m", width=3_600_000))
    op.execute(FROM_FINER.format(table="rollup_1d", source="rollup_1h", width=86_400_000))


def downgrade() -> None:
    for name in ("rollup_1d", "rollup_1h", "rollup_1m"):
        op.drop_table(name)
    with op.batch_alter_table("points") as batch:
        batch.drop_column("counter")
