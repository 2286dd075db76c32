"""One writer transaction: store a batch of samples and bring the rollups up to date.

Runs on the writer's own DBAPI connection, inside its transaction, so samples and rollups
commit together: after a crash the rollups match the samples that survived.

The common case (new samples, gauges in any order, counters in order) folds the batch's
partial buckets into the stored ones with upserts. Replaced samples (rows, or samples in a
sealed block) and late counter samples have their buckets recomputed from the stored
samples (see ``storage.rollups``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from drivers.base import Sample
from storage.database import Database
from storage.rollups import (
    COLUMNS,
    DAY,
    HOUR,
    MINUTE,
    RESOLUTIONS,
    Resolution,
    RollupRow,
    aggregate,
    merge_rows,
    upsert_sql,
)
from storage.sample_reads import BLOCK_AT, BLOCK_MS, cursor_fetch, decode_block, hour_of, read_columns

log = logging.getLogger(__name__)

INSERT = "INSERT INTO samples (point_id, ts_ms, value, quality) VALUES {rows} "
NEW_ONLY = "ON CONFLICT (point_id, ts_ms) DO NOTHING"
OR_REPLACE = "ON CONFLICT (point_id, ts_ms) DO UPDATE SET value = excluded.value, quality = excluded.quality"
#: Rows per INSERT statement. The database driver lets other threads run during every
#: statement it executes; one statement per row (``executemany``) therefore hands the
#: interpreter lock to the field drivers tens of thousands of times per transaction and
#: waits to get it back each time, which halved MQTT ingest. 500 rows (2,000 parameters)
#: stays far below SQLite's and PostgreSQL's parameter limits.
ROWS_PER_STATEMENT = 500
LAST_GOOD_FROM_ROLLUP = (
    "SELECT last_ts, v_last FROM rollup_1m WHERE point_id = ? AND last_ts IS NOT NULL "
    "ORDER BY bucket_ms DESC LIMIT 1"
)
# The good samples around a recomputed span come from the 1-minute rollups, which always
# match the stored samples (rows and sealed blocks alike) and need no decoding. Spans are
# whole minutes, and the minutes before a span are already up to date when it is reached.
GOOD_BEFORE = (
    "SELECT v_last FROM rollup_1m WHERE point_id = ? AND bucket_ms < ? AND last_ts IS NOT NULL "
    "ORDER BY bucket_ms DESC LIMIT 1"
)
GOOD_FROM = (
    "SELECT first_ts FROM rollup_1m WHERE point_id = ? AND bucket_ms >= ? AND first_ts IS NOT NULL "
    "ORDER BY bucket_ms LIMIT 1"
)
SEALED_UNTIL = "SELECT MAX(start_ms) FROM sample_blocks WHERE point_id = ?"
#: Late minutes further apart than this are recomputed as separate spans.
SPAN_GAP_MS = 3_600_000

Sql = Callable[[str], str]
Cursor = Any


class BatchIngest:
    """Stores batches for one writer; remembers each counter's newest committed good value."""

    def __init__(self, sql: Sql, where: str) -> None:
        self._sql = sql
        self._where = where
        self._insert_new = _InsertNew(sql)
        self._insert_or_replace = sql(INSERT.format(rows="(?, ?, ?, ?)") + OR_REPLACE)
        self._upserts = {r.name: sql(upsert_sql(r.table)) for r in RESOLUTIONS}
        self._known_points: set[int] = set()
        self._counters: set[int] = set()
        self._last_good: dict[int, tuple[int, float] | None] = {}
        self._pending: dict[int, tuple[int, float] | None] = {}
        #: Per point, the end of its newest sealed hour: any older sample may meet a block
        #: (a conservative bound: hours before it need not all be sealed).
        self._sealed_until: dict[int, int] = {}
        self._sealed_floor = 0
        self._written: set[int] = set()
        self.recomputed_points = 0

    def write(self, cursor: Cursor, samples: Sequence[Sample]) -> None:
        """Insert ``samples`` and update rollups; the caller commits (then calls ``committed``)."""
        self._pending = {}
        point_ids = {s.point_id for s in samples}
        self._refresh_points(cursor, point_ids)
        self._written |= point_ids
        if self._insert_new(cursor, samples) == len(samples):
            slow = self._late_counters(cursor, samples) | self._into_sealed_hours(cursor, samples)
        else:  # a (point, time) was already there: the newer sample wins
            # One row per statement: PostgreSQL refuses to update one row twice in one statement.
            cursor.executemany(self._insert_or_replace, samples)
            slow = {s.point_id for s in samples}
        fast = [s for s in samples if s.point_id not in slow] if slow else samples
        if fast:
            previous = {p: lg[1] for p in self._counters if (lg := self._last_good.get(p)) is not None}
            result = aggregate(fast, self._counters, previous)
            for name, rows in result.rows.items():
                cursor.executemany(self._upserts[name], rows)
            self._pending.update(result.last_good)
        if slow:
            self.recomputed_points += len(slow)
            for point_id in slow:
                self._recompute(cursor, point_id, [s.ts_ms for s in samples if s.point_id == point_id])
                self._pending[point_id] = None  # reloaded from the rollups when next needed

    def committed(self) -> None:
        for point_id, last in self._pending.items():
            if last is None:
                self._last_good.pop(point_id, None)
            else:
                self._last_good[point_id] = last
        self._pending = {}

    def take_written(self) -> set[int]:
        """The points written since the last call."""
        written, self._written = self._written, set()
        return written

    def sealed(self, point_id: int, until_ms: int) -> None:
        """Samples of ``point_id`` before ``until_ms`` may now have a sealed block to reckon with."""
        if until_ms > self._sealed_until.get(point_id, 0):
            self._sealed_until[point_id] = until_ms
            self._sealed_floor = max(self._sealed_floor, until_ms)

    def _refresh_points(self, cursor: Cursor, point_ids: set[int]) -> None:
        """Load the catalogue, and the sealed horizon of points new to this writer.

        Nothing is kept until every query has answered: a point marked known without its
        horizon would let a repeat of a sealed sample into the rollups twice.
        """
        if point_ids <= self._known_points:
            return
        cursor.execute(self._sql("SELECT id, counter FROM points"))
        rows = cursor.fetchall()
        known = {r[0] for r in rows}
        horizons = {}
        for point_id in sorted(known - self._known_points):
            cursor.execute(self._sql(SEALED_UNTIL), (point_id,))
            newest_block = cursor.fetchone()[0]
            if newest_block is not None:
                horizons[point_id] = newest_block + BLOCK_MS
        for point_id, until in horizons.items():
            self.sealed(point_id, until)
        self._counters = {r[0] for r in rows if r[1]}
        self._known_points = known

    def _into_sealed_hours(self, cursor: Cursor, samples: Sequence[Sample]) -> set[int]:
        """Points with a sample at a time a sealed block already holds (a replacement).

        Samples older than a point's horizon are looked up in the blocks of their hours; one
        that meets no stored sample is simply new, and folds into the rollups like any other.
        """
        if not self._sealed_floor or min(map(itemgetter(1), samples)) >= self._sealed_floor:
            return set()
        until = self._sealed_until
        older: dict[tuple[int, int], list[int]] = {}
        for s in samples:
            if s.ts_ms < until.get(s.point_id, 0):
                older.setdefault((s.point_id, hour_of(s.ts_ms)), []).append(s.ts_ms)
        replaced = set()
        fetch = cursor_fetch(cursor, self._sql)
        for (point_id, hour), times in older.items():
            if point_id in replaced:
                continue
            for count, data in fetch(BLOCK_AT, (point_id, hour)):
                stored = decode_block(self._where, point_id, hour, count, data).ts
                if np.isin(np.array(times, dtype=np.int64), stored).any():
                    replaced.add(point_id)
        return replaced

    def _late_counters(self, cursor: Cursor, samples: Sequence[Sample]) -> set[int]:
        """Counter points with a good sample no newer than their newest stored good one."""
        earliest: dict[int, int] = {}
        for s in samples:
            if s.point_id in self._counters and s.quality == 0 and s.value is not None:
                earliest[s.point_id] = min(earliest.get(s.point_id, s.ts_ms), s.ts_ms)
        late = set()
        for point_id, ts_ms in earliest.items():
            if point_id not in self._last_good:
                cursor.execute(self._sql(LAST_GOOD_FROM_ROLLUP), (point_id,))
                row = cursor.fetchone()
                self._last_good[point_id] = None if row is None else (row[0], row[1])
            last = self._last_good[point_id]
            if last is not None and ts_ms <= last[0]:
                late.add(point_id)
        return late

    def _recompute(self, cursor: Cursor, point_id: int, times: list[int]) -> None:
        """Rebuild every bucket of ``point_id`` that the samples at ``times`` touch."""
        minutes = {t // MINUTE.width_ms * MINUTE.width_ms for t in times}
        counter = point_id in self._counters
        if counter:  # the increment into the next good sample changes too
            for _lo, hi in _spans(minutes):
                cursor.execute(self._sql(GOOD_FROM), (point_id, hi))
                row = cursor.fetchone()
                if row is not None:
                    minutes.add(row[0] // MINUTE.width_ms * MINUTE.width_ms)
        for lo, hi in _spans(minutes):
            columns = read_columns(cursor_fetch(cursor, self._sql), self._where, point_id, lo, hi)
            stored = list(zip(repeat(point_id), columns.ts.tolist(), columns.value.tolist(),
                              columns.quality.tolist()))  # fmt: skip
            previous: dict[int, float] = {}
            if counter:
                cursor.execute(self._sql(GOOD_BEFORE), (point_id, lo))
                row = cursor.fetchone()
                if row is not None:
                    previous[point_id] = row[0]
            rows = aggregate(stored, {point_id} if counter else set(), previous, [MINUTE]).rows[MINUTE.name]
            self._replace(cursor, MINUTE, (point_id, lo, hi), rows)
        for coarse, fine in ((HOUR, MINUTE), (DAY, HOUR)):
            buckets = {m // coarse.width_ms * coarse.width_ms for m in minutes}
            for lo, hi in _spans(buckets, coarse.width_ms):
                cursor.execute(
                    self._sql(
                        f"SELECT {COLUMNS} FROM {fine.table} WHERE point_id = ? AND bucket_ms >= ? "
                        "AND bucket_ms < ? ORDER BY bucket_ms"
                    ),
                    (point_id, lo, hi),
                )
                grouped: dict[int, list[Any]] = {}
                for row in cursor.fetchall():
                    grouped.setdefault(row[1] // coarse.width_ms * coarse.width_ms, []).append(row)
                merged = [merge_rows(point_id, b, rows) for b, rows in sorted(grouped.items())]
                self._replace(cursor, coarse, (point_id, lo, hi), [r for r in merged if r is not None])

    def _replace(
        self, cursor: Cursor, resolution: Resolution, span: tuple[int, int, int], rows: list[RollupRow]
    ) -> None:
        """Replace the rows of (point, start, end) ``span`` at ``resolution`` by ``rows``."""
        cursor.execute(
            self._sql(
                f"DELETE FROM {resolution.table} WHERE point_id = ? AND bucket_ms >= ? AND bucket_ms < ?"
            ),
            span,
        )
        if rows:
            cursor.executemany(self._upserts[resolution.name], rows)


def ingest_batches(db: Database, batches: Iterable[Sequence[Sample]]) -> BatchIngest:
    """Write ``batches`` now, one transaction each, on the calling thread.

    For bulk loads that need no queue (benchmarks, tests); the writer thread does the same.
    """
    ingest = BatchIngest(db.sql, db.where)
    connection = db.engine.raw_connection()
    try:
        for batch in batches:
            ingest.write(connection.cursor(), batch)
            connection.commit()
            ingest.committed()
    finally:
        connection.close()
    return ingest


def _spans(buckets: set[int], width: int = MINUTE.width_ms) -> list[tuple[int, int]]:
    """Sorted buckets grouped into [start, end) spans, split where they are far apart."""
    spans: list[tuple[int, int]] = []
    for bucket in sorted(buckets):
        if spans and bucket - spans[-1][1] < max(SPAN_GAP_MS, width):
            spans[-1] = (spans[-1][0], bucket + width)
        else:
            spans.append((bucket, bucket + width))
    return spans


class _InsertNew:
    """Inserts samples not stored yet, as multi-row statements of ``ROWS_PER_STATEMENT`` rows."""

    def __init__(self, sql: Sql) -> None:
        self._one = sql(INSERT.format(rows="(?, ?, ?, ?)") + NEW_ONLY)
        self._many = sql(INSERT.format(rows=", ".join(["(?, ?, ?, ?)"] * ROWS_PER_STATEMENT)) + NEW_ONLY)

    def __call__(self, cursor: Cursor, samples: Sequence[Sample]) -> int:
        """Insert ``samples``; returns how many were new."""
        inserted = 0
        whole = len(samples) - len(samples) % ROWS_PER_STATEMENT
        for start in range(0, whole, ROWS_PER_STATEMENT):
            cursor.execute(self._many, list(chain.from_iterable(samples[start : start + ROWS_PER_STATEMENT])))
            inserted += cursor.rowcount
        if whole < len(samples):
            cursor.executemany(self._one, samples[whole:])
            inserted += cursor.rowcount
        return inserted
