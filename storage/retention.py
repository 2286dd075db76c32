"""Deleting what is older than each resolution's retention, a little at a time.

The policy lives in the database (``retention`` table), so every workstation sharing a
PostgreSQL server applies the same one. Deletion runs in short transactions of at most
``chunk_rows`` rows of one point: the writer waits at most one such chunk for its turn.
Raw samples sealed into hourly blocks go a block at a time, once the whole hour is past
the retention, ``chunk_rows`` samples' worth of blocks per transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import text

from storage.database import Database
from storage.errors import StorageError
from storage.rollups import MINUTE, RESOLUTIONS, TEN_MINUTES
from storage.sample_reads import BLOCK_MS
from storage.schema import points, retention

log = logging.getLogger(__name__)

DAY_MS = 86_400_000
#: Each resolution's table and the column its time is in.
TABLES = {"raw": ("samples", "ts_ms")} | {r.name: (r.table, "bucket_ms") for r in RESOLUTIONS}
BLOCK_BOUNDARY = text(
    "SELECT start_ms, n FROM sample_blocks WHERE point_id = :point AND start_ms < :cutoff"
    " ORDER BY start_ms LIMIT :limit"
)
DELETE_BLOCKS = text("DELETE FROM sample_blocks WHERE point_id = :point AND start_ms < :bound")


@dataclass(frozen=True)
class RetentionRun:
    deleted: dict[str, int]
    transactions: int


def read_policy(db: Database) -> dict[str, int | None]:
    """Days kept per resolution (None: forever)."""
    with db.engine.connect() as conn:
        return {r.resolution: r.keep_days for r in conn.execute(retention.select())}


def set_policy(db: Database, resolution: str, keep_days: int | None) -> None:
    set_policies(db, {resolution: keep_days})


def set_policies(db: Database, changes: dict[str, int | None]) -> None:
    """Change the days kept of several resolutions at once (None: forever).

    Each resolution must be kept at least as long as the finer one before it: rebuilding a
    bucket after a late sample reads the finer level (and the good values around it from
    the minute rollups), so a finer level outliving a coarser one would rebuild it from a part.
    """
    for resolution, keep_days in changes.items():
        if resolution not in TABLES:
            raise StorageError(db.where, f"unknown resolution {resolution!r}; known: {', '.join(TABLES)}")
        if keep_days is not None and keep_days < 1:
            raise StorageError(db.where, f"{resolution}: keep at least 1 day, not {keep_days}")
    with db.engine.begin() as conn:
        policy = {r.resolution: r.keep_days for r in conn.execute(retention.select())} | changes
        order = list(TABLES)  # raw, then ever coarser
        for finer, coarser in pairwise(order):
            if _longer(policy[finer], policy[coarser]):
                raise StorageError(
                    db.where,
                    f"{coarser} must be kept at least as long as {finer} "
                    f"({_days_text(policy[coarser])} < {_days_text(policy[finer])})",
                )
        for resolution, keep_days in changes.items():
            conn.execute(
                retention.update().where(retention.c.resolution == resolution).values(keep_days=keep_days)
            )


def _longer(a: int | None, b: int | None) -> bool:
    """Whether ``a`` days keeps longer than ``b`` (None: forever)."""
    return b is not None and (a is None or a > b)


def _days_text(days: int | None) -> str:
    return "forever" if days is None else f"{days} days"


def _delete_older(
    db: Database,
    point_ids: list[int],
    where: tuple[str, str],
    cutoff: int,
    *,
    chunk_rows: int,
    should_stop: Callable[[], bool],
) -> tuple[int, int]:
    """Delete the rows of ``where`` (table, time column) older than ``cutoff``, point by point, in
    chunks; the rows deleted and the transactions it took."""
    table, column = where
    boundary_sql = text(
        f"SELECT {column} FROM {table} WHERE point_id = :point AND {column} < :cutoff"
        f" ORDER BY {column} LIMIT 1 OFFSET :offset"
    )
    delete_sql = text(f"DELETE FROM {table} WHERE point_id = :point AND {column} < :bound")
    deleted = transactions = 0
    for point_id in point_ids:
        while not should_stop():
            with db.engine.begin() as conn:
                params = {"point": point_id, "cutoff": cutoff}
                row = conn.execute(boundary_sql, {**params, "offset": chunk_rows - 1}).first()
                bound = cutoff if row is None else row[0] + 1
                count = conn.execute(delete_sql, {"point": point_id, "bound": bound}).rowcount
            transactions += 1
            deleted += count
            if row is None:
                break
    return deleted, transactions


def apply_retention(
    db: Database, now_ms: int, *, chunk_rows: int = 5_000, should_stop: Callable[[], bool] = lambda: False
) -> RetentionRun:
    """Delete everything older than the policy allows, in chunks of at most ``chunk_rows`` rows."""
    deleted = dict.fromkeys(TABLES, 0)
    transactions = 0
    with db.engine.connect() as conn:
        point_ids = [r.id for r in conn.execute(points.select())]
    for resolution, keep_days in read_policy(db).items():
        if keep_days is None:
            continue
        table, column = TABLES[resolution]
        cutoff = now_ms - keep_days * DAY_MS
        if resolution == "raw":
            # whole hours only: a block goes once its hour ends at or before the cutoff
            samples, chunks = _delete_blocks(db, point_ids, cutoff - BLOCK_MS + 1, chunk_rows, should_stop)
            deleted[resolution] += samples
            transactions += chunks
        # the sealer's 10-minute tier goes with the minute tier it is made from
        followers = [(TEN_MINUTES.table, column)] if resolution == MINUTE.name else []
        for where in [(table, column), *followers]:
            count, chunks = _delete_older(
                db, point_ids, where, cutoff, chunk_rows=chunk_rows, should_stop=should_stop
            )
            deleted[resolution] += count if where[0] == table else 0
            transactions += chunks
    if any(deleted.values()):
        log.info("retention deleted %s", ", ".join(f"{n} {r}" for r, n in deleted.items() if n))
    return RetentionRun(deleted, transactions)


def _delete_blocks(
    db: Database, point_ids: list[int], cutoff: int, chunk_rows: int, should_stop: Callable[[], bool]
) -> tuple[int, int]:
    """Delete sealed blocks starting before ``cutoff``; returns (samples deleted, transactions)."""
    samples = transactions = 0
    for point_id in point_ids:
        while not should_stop():
            with db.engine.begin() as conn:
                blocks = conn.execute(
                    BLOCK_BOUNDARY, {"point": point_id, "cutoff": cutoff, "limit": chunk_rows}
                )
                chunk, held = [], 0
                for start, count in blocks:
                    if chunk and held + count > chunk_rows:
                        break
                    chunk.append(start)
                    held += count
                if chunk:
                    conn.execute(DELETE_BLOCKS, {"point": point_id, "bound": chunk[-1] + 1})
            transactions += 1
            samples += held
            if not chunk:
                break
    return samples, transactions


class RetentionJob:
    """Applies the retention policy now and then every ``interval_s``, on its own thread."""

    def __init__(self, db: Database, clock: Callable[[], int], interval_s: float = 3600.0) -> None:
        self._db = db
        self._clock = clock
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wattkeeper-retention", daemon=True)
        self.runs = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                apply_retention(self._db, self._clock(), should_stop=self._stop.is_set)
            except Exception:  # the database drivers' errors have no common base
                log.exception("retention run failed; trying again in %.0f s", self._interval_s)
            self.runs += 1
            self._stop.wait(self._interval_s)
