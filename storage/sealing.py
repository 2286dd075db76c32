"""Sealing: each point's completed hours of rows packed into one compressed block.

A row per sample costs about 28 bytes on disk; a sealed hour costs a few bytes a sample
(``storage.sample_codec``), which is what lets a workstation keep years of one-second
data. Recent samples stay rows, because the writer appends to them cheaply and late
samples land among them; an hour is sealed once it is over by the wall clock and, while
the point is still being written, once its data has moved on past the hour as well (a
backlog replayed from hours ago is sealed behind the replay, not under its feet). A
point that has gone quiet is sealed up to the last completed hour.

The writer seals between its transactions, on its own connection, one hour of one point
per transaction, so no other writer ever races it and a power cut loses nothing: the
block and the deletion of its rows commit together. Sealing moves samples, it does not alter
them, so the writer's rollups stay as they are; the sealed hour's 10-minute rollups (for the
reports' EN 50160 intervals) are written from its minute rollups in the same transaction.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from storage.database import Database
from storage.sample_codec import SampleColumns, encode, merge
from storage.sample_reads import BLOCK_AT, BLOCK_MS, ROWS_IN, cursor_fetch, decode_block, hour_of

log = logging.getLogger(__name__)

#: How long after its end an hour stays rows, for late samples to land cheaply.
GRACE_MS = 3_600_000
#: Pause between two passes over every point looking for hours to seal.
ROUND_S = 60.0

UPSERT_BLOCK = (
    "INSERT INTO sample_blocks (point_id, start_ms, end_ms, n, data) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (point_id, start_ms) DO UPDATE SET end_ms = excluded.end_ms, n = excluded.n, "
    "data = excluded.data"
)
DELETE_ROWS = "DELETE FROM samples WHERE point_id = ? AND ts_ms >= ? AND ts_ms < ?"
DELETE_TEN_MINUTES = "DELETE FROM rollup_10m WHERE point_id = ? AND bucket_ms >= ? AND bucket_ms < ?"
#: The 10-minute rows of one point's hour, from its minute rows (first and last values left empty).
TEN_MINUTES_FROM_MINUTES = (
    "INSERT INTO rollup_10m (point_id, bucket_ms, n_good, n_bad, v_min, v_max, v_sum, first_ts, last_ts,"
    " delta) SELECT point_id, (bucket_ms / 600000) * 600000, SUM(n_good), SUM(n_bad), MIN(v_min),"
    " MAX(v_max), SUM(v_sum), MIN(first_ts), MAX(last_ts), SUM(delta) FROM rollup_1m "
    "WHERE point_id = ? AND bucket_ms >= ? AND bucket_ms < ? "
    "GROUP BY point_id, (bucket_ms / 600000) * 600000"
)
OLDEST_ROW_BEFORE = "SELECT ts_ms FROM samples WHERE point_id = ? AND ts_ms < ? ORDER BY ts_ms LIMIT 1"
NEWEST_ROW_TIME = "SELECT MAX(ts_ms) FROM samples WHERE point_id = ?"
#: Free pages handed back to the file system per step, on databases that allow it.
VACUUM_PAGES = 2048

Sql = Callable[[str], str]


def seal_hour(cursor: Any, sql: Sql, where: str, point_id: int, hour_ms: int) -> int:
    """Pack the rows of ``point_id`` in the hour at ``hour_ms`` into its block; returns the rows packed.

    Rows win over the block's samples at the same times (they arrived later). The caller commits.
    """
    fetch = cursor_fetch(cursor, sql)
    rows = fetch(ROWS_IN, (point_id, hour_ms, hour_ms + BLOCK_MS))
    if not rows:
        return 0
    blocks = fetch(BLOCK_AT, (point_id, hour_ms))
    older = [decode_block(where, point_id, hour_ms, n, data) for n, data in blocks]
    merged = merge(older, SampleColumns.from_rows([tuple(r) for r in rows]))
    cursor.execute(
        sql(UPSERT_BLOCK), (point_id, hour_ms, int(merged.ts[-1]), len(merged), encode(merged, hour_ms))
    )
    cursor.execute(sql(DELETE_ROWS), (point_id, hour_ms, hour_ms + BLOCK_MS))
    hour = (point_id, hour_ms, hour_ms + BLOCK_MS)
    cursor.execute(sql(DELETE_TEN_MINUTES), hour)
    cursor.execute(sql(TEN_MINUTES_FROM_MINUTES), hour)
    return len(rows)


def oldest_hour_before(cursor: Any, sql: Sql, point_id: int, limit_ms: int) -> int | None:
    """The hour of ``point_id``'s oldest row before ``limit_ms``; None when there is none."""
    row = cursor_fetch(cursor, sql)(OLDEST_ROW_BEFORE, (point_id, limit_ms))
    return hour_of(row[0][0]) if row else None


def release_free_pages(cursor: Any, pages: int = VACUUM_PAGES) -> None:
    """Give free pages back to the file system once they are a quarter of the file (SQLCipher only).

    Sealing frees the pages its rows held; new rows reuse them, so a small free list is
    kept. Only databases created with incremental auto-vacuum can shrink; on others this
    does nothing. ``pages`` 0 releases them all.
    """
    free = cursor.execute("PRAGMA freelist_count").fetchone()[0]
    total = cursor.execute("PRAGMA page_count").fetchone()[0]
    if free and free * 4 >= total:
        cursor.execute(f"PRAGMA incremental_vacuum({int(pages)})").fetchall()


class Sealer:
    """Seals completed hours a step at a time, for the writer, on the writer's connection.

    ``written`` hands over the points written since the last call: a writer seals only
    points it writes, so that writers of different points sharing one PostgreSQL server
    never seal under each other's feet. ``sealed`` is told of every block written, so the
    writer routes later samples of a sealed hour through its recomputation of rollups.
    """

    def __init__(
        self,
        db: Database,
        written: Callable[[], set[int]],
        sealed: Callable[[int, int], None],
        *,
        grace_ms: int = GRACE_MS,
        round_s: float = ROUND_S,
        clock: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        self._db = db
        self._written = written
        self._sealed = sealed
        self._grace_ms = grace_ms
        self._round_s = round_s
        self._clock = clock
        self._last_write: dict[int, int] = {}
        self._queue: deque[int] = deque()
        self._failing: set[int] = set()
        self._now_ms = 0
        self._next_round = 0.0
        self.blocks_written = 0

    def work(self, connection: Any, budget_s: float) -> bool:
        """Seal for about ``budget_s`` (plus at most one hour's sealing); True when hours are left.

        A point whose sealing fails (a damaged block, say) is left for the next round, with
        one log line until it succeeds; the other points go on being sealed.
        """
        if not self._queue:
            if time.monotonic() < self._next_round:
                return False
            self._start_round()
        deadline = time.monotonic() + budget_s
        try:
            while self._queue and time.monotonic() < deadline:
                point_id = self._queue[0]
                try:
                    if not self._seal_oldest(connection, point_id):
                        self._queue.popleft()
                except Exception as exc:  # the database drivers' errors have no common base
                    connection.rollback()
                    self._queue.popleft()
                    if point_id not in self._failing:
                        log.error("cannot seal point %d in %s: %s", point_id, self._db.where, exc)
                    self._failing.add(point_id)
            if not self._queue:
                self._next_round = time.monotonic() + self._round_s
                if self._db.is_sqlcipher:
                    release_free_pages(connection.cursor())
        finally:
            connection.commit()  # ends the reads' transaction, which PostgreSQL would keep open
        return bool(self._queue)

    def _seal_oldest(self, connection: Any, point_id: int) -> bool:
        """Seal the oldest complete hour of ``point_id`` that still has rows; False if there is none."""
        cursor = connection.cursor()
        hour = oldest_hour_before(cursor, self._db.sql, point_id, self._limit(cursor, point_id))
        if hour is None:
            return False
        seal_hour(cursor, self._db.sql, self._db.where, point_id, hour)
        connection.commit()
        self._sealed(point_id, hour + BLOCK_MS)
        self._failing.discard(point_id)
        self.blocks_written += 1
        return True

    def postpone(self) -> None:
        """Leave the rest of this round for the next one (after a failure)."""
        self._queue.clear()
        self._next_round = time.monotonic() + self._round_s

    def _start_round(self) -> None:
        self._now_ms = self._clock()
        for point_id in self._written():
            self._last_write[point_id] = self._now_ms
        self._queue = deque(sorted(self._last_write))

    def _limit(self, cursor: Any, point_id: int) -> int:
        """Hours ending at or before this time are complete for ``point_id``."""
        limit = hour_of(self._now_ms - self._grace_ms)
        if self._now_ms - self._last_write[point_id] < self._grace_ms:
            newest = cursor_fetch(cursor, self._db.sql)(NEWEST_ROW_TIME, (point_id,))[0][0]
            if newest is not None:
                limit = min(limit, hour_of(newest - self._grace_ms))
        return limit


def seal_completed_hours(db: Database, before_ms: int) -> int:
    """Seal every hour that ends at or before ``before_ms``, now, whatever is being written.

    For maintenance and measurement with no writer running; the writer's :class:`Sealer`
    is what seals in operation. Returns the number of rows packed.
    """
    limit = hour_of(before_ms)
    connection = db.engine.raw_connection()
    packed = 0
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT id FROM points ORDER BY id")
        for (point_id,) in cursor.fetchall():
            while (hour := oldest_hour_before(cursor, db.sql, point_id, limit)) is not None:
                packed += seal_hour(cursor, db.sql, db.where, point_id, hour)
                connection.commit()
        if db.is_sqlcipher:
            release_free_pages(cursor, 0)
            connection.commit()
    finally:
        connection.close()
    log.info("sealed %d samples of %s", packed, db.where)
    return packed
