"""Rollups per minute, hour and day, computed from batches of samples as they arrive.

Every rollup column merges (counts and sums add, extremes compare, first and last go by
time), so the usual batch is folded into its buckets by an upsert without reading them:
that holds for late and out-of-order samples too. Two cases need the stored samples and
are recomputed bucket by bucket instead: a sample that replaces one already stored (the
old value must leave the bucket), and a late sample of an energy counter (the increment
from its predecessor and to its successor both change).

The aggregation is vectorised with numpy because it runs on every transaction of the
writer, whose budget is a few microseconds per sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drivers.base import Sample

#: One rollup row: point_id, bucket_ms, n_good, n_bad, v_min, v_max, v_sum,
#: first_ts, v_first, last_ts, v_last, delta.
RollupRow = tuple[int, int, int, int, float | None, float | None, float, int | None, float | None,
                  int | None, float | None, float | None]  # fmt: skip

COLUMNS = "point_id, bucket_ms, n_good, n_bad, v_min, v_max, v_sum, first_ts, v_first, last_ts, v_last, delta"


@dataclass(frozen=True)
class Resolution:
    name: str
    width_ms: int
    table: str


MINUTE = Resolution("1m", 60_000, "rollup_1m")
HOUR = Resolution("1h", 3_600_000, "rollup_1h")
DAY = Resolution("1d", 86_400_000, "rollup_1d")
RESOLUTIONS = (MINUTE, HOUR, DAY)
#: Kept by the sealer for sealed hours only (``storage.sealing``), so not among the writer's RESOLUTIONS.
TEN_MINUTES = Resolution("10m", 600_000, "rollup_10m")


def upsert_sql(table: str) -> str:
    """Fold a partial bucket into the stored one; right-hand sides see the stored values."""
    t = table
    return (
        f"INSERT INTO {t} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        f"ON CONFLICT (point_id, bucket_ms) DO UPDATE SET "
        f"n_good = {t}.n_good + excluded.n_good, n_bad = {t}.n_bad + excluded.n_bad, "
        f"v_min = CASE WHEN {t}.v_min IS NULL OR excluded.v_min < {t}.v_min "
        f"THEN excluded.v_min ELSE {t}.v_min END, "
        f"v_max = CASE WHEN {t}.v_max IS NULL OR excluded.v_max > {t}.v_max "
        f"THEN excluded.v_max ELSE {t}.v_max END, "
        f"v_sum = {t}.v_sum + excluded.v_sum, "
        f"first_ts = CASE WHEN {t}.first_ts IS NULL OR excluded.first_ts < {t}.first_ts "
        f"THEN excluded.first_ts ELSE {t}.first_ts END, "
        f"v_first = CASE WHEN {t}.first_ts IS NULL OR excluded.first_ts < {t}.first_ts "
        f"THEN excluded.v_first ELSE {t}.v_first END, "
        f"last_ts = CASE WHEN {t}.last_ts IS NULL OR excluded.last_ts > {t}.last_ts "
        f"THEN excluded.last_ts ELSE {t}.last_ts END, "
        f"v_last = CASE WHEN {t}.last_ts IS NULL OR excluded.last_ts > {t}.last_ts "
        f"THEN excluded.v_last ELSE {t}.v_last END, "
        f"delta = {t}.delta + excluded.delta"
    )


def counter_increments(values: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """What a counter counted since its previous good reading.

    A decrease means the counter was reset (replaced meter, roll-over to zero): what it
    counted since is its new reading. The first reading ever (no previous) counts nothing.
    Across a gap the whole increase is counted where reading resumes, so no energy is lost.
    """
    increments = np.where(values >= previous, values - previous, values)
    return np.where(np.isnan(previous), 0.0, increments)


@dataclass(frozen=True)
class Aggregation:
    """A batch sorted by (point, time) and its partial buckets at every resolution."""

    rows: dict[str, list[RollupRow]]
    #: The newest good (ts_ms, value) of each counter point in the batch.
    last_good: dict[int, tuple[int, float]]


def _none_if_nan(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.tolist()]


def aggregate(
    samples: Sequence[Sample],
    counters: frozenset[int] | set[int],
    previous: Mapping[int, float],
    resolutions: Iterable[Resolution] = RESOLUTIONS,
) -> Aggregation:
    """Partial rollup rows of ``samples`` (any order, no repeated (point, time)).

    ``previous`` gives, per counter point, the last good value stored before the batch.
    """
    pid_t, ts_t, value_t, quality_t = zip(*samples, strict=True)
    pid = np.array(pid_t, dtype=np.int64)
    ts = np.array(ts_t, dtype=np.int64)
    value = np.array([math.nan if v is None else v for v in value_t], dtype=np.float64)
    order = np.lexsort((ts, pid))
    pid, ts, value = pid[order], ts[order], value[order]
    good = (np.array(quality_t, dtype=np.int64)[order] == 0) & ~np.isnan(value)
    batch = _Sorted(pid, ts, good, pid[good], ts[good], value[good], np.zeros(int(good.sum())),
                    np.array(sorted(counters), dtype=np.int64))  # fmt: skip
    last_good: dict[int, tuple[int, float]] = {}
    is_counter = np.isin(batch.gpid, batch.counter_ids)
    if is_counter.any():
        cpid, cts, cval = batch.gpid[is_counter], batch.gts[is_counter], batch.gval[is_counter]
        new_point = np.ones(len(cpid), dtype=bool)
        new_point[1:] = cpid[1:] != cpid[:-1]
        prev = np.empty(len(cval))
        prev[1:] = cval[:-1]
        prev[new_point] = [previous.get(p, math.nan) for p in cpid[new_point].tolist()]
        batch.increments[is_counter] = counter_increments(cval, prev)
        ends = np.append(np.nonzero(new_point)[0][1:] - 1, len(cpid) - 1)
        newest = zip(cpid[ends].tolist(), cts[ends].tolist(), cval[ends].tolist(), strict=True)
        last_good = {p: (t, v) for p, t, v in newest}
    return Aggregation({r.name: batch.bucket_rows(r.width_ms) for r in resolutions}, last_good)


def _segments(pid: np.ndarray, bucket: np.ndarray) -> np.ndarray:
    """Start index of each run of equal (point, bucket) in arrays sorted by both."""
    if len(pid) == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(len(pid), dtype=bool)
    change[1:] = (pid[1:] != pid[:-1]) | (bucket[1:] != bucket[:-1])
    return np.nonzero(change)[0]


@dataclass(frozen=True)
class _Sorted:
    """A batch sorted by (point, time): all samples, and the good ones (``g…``) apart."""

    pid: np.ndarray
    ts: np.ndarray
    good: np.ndarray
    gpid: np.ndarray
    gts: np.ndarray
    gval: np.ndarray
    increments: np.ndarray
    counter_ids: np.ndarray

    def bucket_rows(self, width: int) -> list[RollupRow]:
        bucket = self.ts // width * width
        starts = _segments(self.pid, bucket)
        size = len(starts)
        bpid, bbucket = self.pid[starts], bucket[starts]
        n_good = np.add.reduceat(self.good.astype(np.int64), starts) if size else np.zeros(0, np.int64)
        n_bad = np.diff(np.append(starts, len(self.pid))) - n_good
        v_min, v_max, v_first, v_last = (np.full(size, math.nan) for _ in range(4))
        v_sum, delta = np.zeros(size), np.zeros(size)
        first_ts, last_ts = np.full(size, -1, dtype=np.int64), np.full(size, -1, dtype=np.int64)
        gval = self.gval
        if len(gval):
            gbucket = self.gts // width * width
            gstarts = _segments(self.gpid, gbucket)
            gends = np.append(gstarts[1:], len(gval)) - 1
            # Good buckets are a subset of all buckets, both sorted by (point, bucket).
            key_all = bpid * (1 << 32) + bbucket // width
            at = np.searchsorted(key_all, self.gpid[gstarts] * (1 << 32) + gbucket[gstarts] // width)
            v_min[at] = np.minimum.reduceat(gval, gstarts)
            v_max[at] = np.maximum.reduceat(gval, gstarts)
            v_sum[at] = np.add.reduceat(gval, gstarts)
            delta[at] = np.add.reduceat(self.increments, gstarts)
            first_ts[at], v_first[at] = self.gts[gstarts], gval[gstarts]
            last_ts[at], v_last[at] = self.gts[gends], gval[gends]
        counter = np.isin(bpid, self.counter_ids).tolist()
        return [
            (
                p,
                b,
                ng,
                nb,
                lo,
                hi,
                s,
                ft if ft >= 0 else None,
                vf,
                lt if lt >= 0 else None,
                vl,
                d if c else None,
            )
            for p, b, ng, nb, lo, hi, s, ft, vf, lt, vl, d, c in zip(
                bpid.tolist(),
                bbucket.tolist(),
                n_good.tolist(),
                n_bad.tolist(),
                _none_if_nan(v_min),
                _none_if_nan(v_max),
                v_sum.tolist(),
                first_ts.tolist(),
                _none_if_nan(v_first),
                last_ts.tolist(),
                _none_if_nan(v_last),
                delta.tolist(),
                counter,
                strict=True,
            )
        ]


def merge_rows(point_id: int, bucket_ms: int, rows: Iterable[Sequence[Any]]) -> RollupRow | None:
    """Fold finer rollup rows into one coarser bucket (the rows' columns as in ``COLUMNS``)."""
    rows = list(rows)
    if not rows:
        return None
    lows = [r[4] for r in rows if r[4] is not None]
    highs = [r[5] for r in rows if r[5] is not None]
    firsts = [(r[7], r[8]) for r in rows if r[7] is not None]
    lasts = [(r[9], r[10]) for r in rows if r[9] is not None]
    deltas = [r[11] for r in rows if r[11] is not None]
    first = min(firsts, default=(None, None))
    last = max(lasts, default=(None, None))
    return (
        point_id,
        bucket_ms,
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
        min(lows, default=None),
        max(highs, default=None),
        math.fsum(r[6] for r in rows),
        first[0],
        first[1],
        last[0],
        last[1],
        math.fsum(deltas) if deltas else None,
    )
