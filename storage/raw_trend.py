"""Trends of raw samples: sealed hours decoded with numpy, the newer rows grouped by the database.

Everything older than a point's newest sealed hour is in blocks (apart from a few late rows
beside them), and everything newer is rows. Blocks are cheap to decode; rows are cheap to
group in SQL but slow to bring into Python one by one (a day of one-second rows took
~120 ms that way, against ~25 ms grouped by the database). So each part is bucketed where
it is cheapest, and buckets straddling the boundary are merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storage.sample_codec import SampleColumns
from storage.sample_reads import BLOCK_MS, ROWS_IN, Fetch, read_columns

NEWEST_BLOCK_BEFORE = "SELECT MAX(start_ms) FROM sample_blocks WHERE point_id = ? AND start_ms < ?"
ROWS_IN_LIMITED = ROWS_IN + " LIMIT ?"
ROW_BUCKETS = (
    "SELECT (ts_ms / ?) * ? AS b,"
    " SUM(CASE WHEN quality = 0 AND value IS NOT NULL THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN quality = 0 AND value IS NOT NULL THEN 0 ELSE 1 END),"
    " MIN(CASE WHEN quality = 0 THEN value END), MAX(CASE WHEN quality = 0 THEN value END),"
    " SUM(CASE WHEN quality = 0 THEN value END)"
    " FROM samples WHERE point_id = ? AND ts_ms >= ? AND ts_ms < ? GROUP BY b ORDER BY b"
)
#: Attempts before giving up on a read that a seal keeps interrupting (one is nearly always enough).
ATTEMPTS = 3


@dataclass(frozen=True)
class RawBuckets:
    """Per bucket (or per sample, ``width`` 0): start, good and bad counts, min, max and mean."""

    width: int
    start: np.ndarray
    good: np.ndarray
    bad: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mean: np.ndarray


def raw_buckets(
    fetch: Fetch, where: str, point_id: int, span: tuple[int, int], *, width: int, max_points: int
) -> RawBuckets | None:
    """Each sample when at most ``max_points``, else buckets of ``width`` rounded up to whole seconds.

    None when the point has no raw sample in the range ``span`` (from, to).
    """
    from_ms, to_ms = span
    for _ in range(ATTEMPTS):
        split = _sealed_until(fetch, point_id, from_ms, to_ms)
        result = _read(fetch, where, point_id, (from_ms, split, to_ms), width=width, max_points=max_points)
        if _sealed_until(fetch, point_id, from_ms, to_ms) == split:
            break  # no hour was sealed while the rows were read
    return result


def _sealed_until(fetch: Fetch, point_id: int, from_ms: int, to_ms: int) -> int:
    newest = fetch(NEWEST_BLOCK_BEFORE, (point_id, to_ms))[0][0]
    return from_ms if newest is None else min(max(newest + BLOCK_MS, from_ms), to_ms)


def _read(
    fetch: Fetch, where: str, point_id: int, bounds: tuple[int, int, int], *, width: int, max_points: int
) -> RawBuckets | None:
    from_ms, split, to_ms = bounds
    older = read_columns(fetch, where, point_id, from_ms, split) if split > from_ms else SampleColumns.empty()
    newer = SampleColumns.empty()
    if len(older) <= max_points and split < to_ms:
        rows = fetch(ROWS_IN_LIMITED, (point_id, split, to_ms, max_points + 1 - len(older)))
        newer = SampleColumns.from_rows([tuple(r) for r in rows])
    if not len(older) and not len(newer):
        return None
    if len(older) + len(newer) <= max_points:
        return _each_sample(older, newer)
    width = -(-width // 1000) * 1000  # whole seconds read better
    grouped = fetch(ROW_BUCKETS, (width, width, point_id, split, to_ms)) if split < to_ms else []
    return _merged(width, [_per_sample(older, width), _from_rows(grouped)])


def _each_sample(older: SampleColumns, newer: SampleColumns) -> RawBuckets:
    part = _per_sample(older, 0), _per_sample(newer, 0)
    start, good, bad, values, _, _ = (np.concatenate(column) for column in zip(*part, strict=True))
    return RawBuckets(0, start, good, bad, values, values, values)


_Part = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _per_sample(columns: SampleColumns, width: int) -> _Part:
    """(bucket start, good, bad, min, max, sum of good values) of each sample on its own."""
    good = (columns.quality == 0) & ~np.isnan(columns.value)
    values = np.where(good, columns.value, np.nan)
    count = good.astype(np.int64)
    start = columns.ts // width * width if width else columns.ts
    return start, count, 1 - count, values, values, np.where(good, values, 0.0)


def _from_rows(rows: Sequence[Sequence[Any]]) -> _Part:
    """The same columns from grouped rows (NULL extremes and sum where no sample was good)."""
    nan = float("nan")
    return (
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=np.int64),
        np.array([r[2] for r in rows], dtype=np.int64),
        np.array([nan if r[3] is None else r[3] for r in rows], dtype=np.float64),
        np.array([nan if r[4] is None else r[4] for r in rows], dtype=np.float64),
        np.array([0.0 if r[5] is None else r[5] for r in rows], dtype=np.float64),
    )


def _merged(width: int, parts: list[_Part]) -> RawBuckets:
    """Parts in time order (the later may begin in the earlier's last bucket) reduced to buckets."""
    start, good, bad, low, high, total = (np.concatenate(column) for column in zip(*parts, strict=True))
    first = np.flatnonzero(np.diff(start, prepend=start[0] - 1))
    count = np.add.reduceat(good, first)
    with np.errstate(invalid="ignore", divide="ignore"):
        return RawBuckets(
            width,
            start[first],
            count,
            np.add.reduceat(bad, first),
            np.where(count > 0, np.fmin.reduceat(low, first), np.nan),
            np.where(count > 0, np.fmax.reduceat(high, first), np.nan),
            np.add.reduceat(total, first) / np.where(count > 0, count, np.nan),
        )
