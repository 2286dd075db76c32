"""Rollups recomputed from scratch by the SQL of migration 0002, an independent implementation.

The writer's incremental rollups must equal these whatever order the samples came in.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from storage.database import Database

MIGRATION = importlib.import_module("storage.migrations.versions.0002_rollups")
COLUMNS = MIGRATION.COLUMNS
LEVELS = (("1m", 60_000, None), ("1h", 3_600_000, "1m"), ("1d", 86_400_000, "1h"))


def oracle_rollups(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup level rebuilt from the stored samples into scratch tables."""
    result = {}
    with db.engine.begin() as conn:
        for name, width, finer in LEVELS:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS oracle_{name}")
            conn.exec_driver_sql(f"CREATE TABLE oracle_{name} AS SELECT * FROM rollup_{name} WHERE 1 = 0")
            conn.exec_driver_sql(
                f"CREATE UNIQUE INDEX oracle_{name}_key ON oracle_{name} (point_id, bucket_ms)"
            )
            if finer is None:
                conn.exec_driver_sql(MIGRATION.FROM_SAMPLES.format(table=f"oracle_{name}", width=width))
                conn.exec_driver_sql(MIGRATION.BAD_FROM_SAMPLES.format(table=f"oracle_{name}", width=width))
            else:
                conn.exec_driver_sql(
                    MIGRATION.FROM_FINER.format(table=f"oracle_{name}", source=f"oracle_{finer}", width=width)
                )
            rows = conn.exec_driver_sql(f"SELECT {COLUMNS} FROM oracle_{name} ORDER BY 1, 2")
            result[name] = [tuple(r) for r in rows]
        for name, _, _ in LEVELS:
            conn.exec_driver_sql(f"DROP TABLE oracle_{name}")
    return result


def stored_rollups(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        return {
            name: [
                tuple(r) for r in conn.exec_driver_sql(f"SELECT {COLUMNS} FROM rollup_{name} ORDER BY 1, 2")
            ]
            for name, _, _ in LEVELS
        }


def same_rows(left: list[tuple[Any, ...]], right: list[tuple[Any, ...]]) -> bool:
    """Row by row equality, sums compared with a relative tolerance."""
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float) or isinstance(y, float):
                if x is None or y is None or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
                    return False
            elif x != y:
                return False
    return True
