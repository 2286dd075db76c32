"""Rollups recomputed from scratch by the SQL of migration 0002, an independent implementation.

The writer's incremental rollups must equal these whatever order the samples came in.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from storage.database import Database
from storage.sample_codec import decode

MIGRATION = importlib.import_module("storage.migrations.versions.0002_rollups")
COLUMNS = MIGRATION.COLUMNS
LEVELS = (("1m", 60_000, None), ("1h", 3_600_000, "1m"), ("1d", 86_400_000, "1h"))


def fill_rollups(conn: Connection, table: Callable[[str], str], samples: str = "samples") -> None:
    """Fill the empty rollup tables named by ``table(level)`` from the samples table ``samples``."""
    for name, width, finer in LEVELS:
        if finer is None:
            for statement in (MIGRATION.FROM_SAMPLES, MIGRATION.BAD_FROM_SAMPLES):
                conn.exec_driver_sql(
                    statement.format(table=table(name), width=width).replace(
                        "FROM samples s", f"FROM {samples} s"
                    )
                )
        else:
            conn.exec_driver_sql(
                MIGRATION.FROM_FINER.format(table=table(name), source=table(finer), width=width)
            )


def _all_samples(conn: Connection, db: Database) -> None:
    """Rows and sealed blocks as one scratch table ``oracle_samples``, rows winning over blocks."""
    conn.exec_driver_sql("CREATE TABLE oracle_samples AS SELECT * FROM samples WHERE 1 = 0")
    conn.exec_driver_sql("CREATE UNIQUE INDEX oracle_samples_key ON oracle_samples (point_id, ts_ms)")
    conn.exec_driver_sql("INSERT INTO oracle_samples SELECT * FROM samples")
    for point_id, start, count, data in conn.exec_driver_sql(
        "SELECT point_id, start_ms, n, data FROM sample_blocks"
    ).all():
        block = decode(data, start, count)
        rows = [
            (point_id, t, None if math.isnan(v) else v, q)
            for t, v, q in zip(block.ts.tolist(), block.value.tolist(), block.quality.tolist(), strict=True)
        ]
        conn.exec_driver_sql(
            db.sql("INSERT INTO oracle_samples VALUES (?, ?, ?, ?) ON CONFLICT (point_id, ts_ms) DO NOTHING"),
            rows,
        )


def oracle_rollups(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup level rebuilt from the stored samples (rows and sealed blocks) into scratch tables."""
    result = {}
    with db.engine.begin() as conn:
        _all_samples(conn, db)
        for name, _, _ in LEVELS:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS oracle_{name}")
            conn.exec_driver_sql(f"CREATE TABLE oracle_{name} AS SELECT * FROM rollup_{name} WHERE 1 = 0")
            conn.exec_driver_sql(
                f"CREATE UNIQUE INDEX oracle_{name}_key ON oracle_{name} (point_id, bucket_ms)"
            )
        fill_rollups(conn, lambda name: f"oracle_{name}", "oracle_samples")
        for name, _, _ in LEVELS:
            rows = conn.exec_driver_sql(f"SELECT {COLUMNS} FROM oracle_{name} ORDER BY 1, 2")
            result[name] = [tuple(r) for r in rows]
            conn.exec_driver_sql(f"DROP TABLE oracle_{name}")
        conn.exec_driver_sql("DROP TABLE oracle_samples")
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
