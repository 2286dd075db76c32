"""Reading history back: the only place besides the writer that speaks SQL.

``trend`` answers "this point from A to B in at most N buckets" from the coarsest data that
still gives N buckets: raw samples for short spans, else the 1-minute, hourly or daily
rollups. Every bucket carries its minimum and maximum, so a one-second spike stays
visible in a year-long trend. ``energy`` sums the counted deltas of energy counters per
local hour, day or month; ``latest`` gives each point's newest sample.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Literal

import numpy as np
from sqlalchemy import Connection, select, text

from storage.database import Database
from storage.errors import StorageError, UnknownPointError
from storage.raw_trend import raw_buckets
from storage.rollups import DAY, HOUR, MINUTE, Resolution
from storage.sample_codec import SampleColumns
from storage.sample_reads import BLOCK_MS, Fetch, first_time_from, newest, read_columns
from storage.schema import points


@dataclass(frozen=True, slots=True)
class StoredSample:
    ts_ms: int
    value: float | None
    quality: int


@dataclass(frozen=True)
class Envelope:
    """A point's history in buckets: each with its good and bad sample counts and min/max/mean.

    ``resolution`` is ``raw`` or a rollup's name; ``bucket_ms`` is the bucket width, 0 when
    each bucket is a single raw sample. Values are NaN in buckets with no good sample, so a
    gap is drawn as a gap.
    """

    point: str
    resolution: str
    bucket_ms: int
    start_ms: np.ndarray
    count: np.ndarray
    bad: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    mean: np.ndarray

    def __len__(self) -> int:
        return len(self.start_ms)


@dataclass(frozen=True, slots=True)
class EnergyInterval:
    """Energy counted in [start, end); None when the counter gave no good reading in it."""

    start_ms: int
    end_ms: int
    energy: float | None


Interval = Literal["hour", "day", "month"]


def _point_id(conn: Connection, db: Database, path: str) -> int:
    point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
    if point_id is None:
        raise UnknownPointError(db.where, f"no history for point {path!r}")
    return int(point_id)


def _fetch(conn: Connection, db: Database) -> Fetch:
    return lambda statement, params: conn.exec_driver_sql(db.sql(statement), tuple(params)).all()


def sample_columns(db: Database, path: str, from_ms: int, to_ms: int) -> SampleColumns:
    """The raw samples of ``path`` in [from, to) as numpy columns (time, value, quality)."""
    with db.engine.connect() as conn:
        return read_columns(_fetch(conn, db), db.where, _point_id(conn, db, path), from_ms, to_ms)


def _stored(columns: SampleColumns) -> list[StoredSample]:
    return [
        StoredSample(t, None if math.isnan(v) else v, q)
        for t, v, q in zip(columns.ts.tolist(), columns.value.tolist(), columns.quality.tolist(), strict=True)
    ]


def raw_samples(db: Database, path: str, from_ms: int, to_ms: int) -> list[StoredSample]:
    """The stored samples of ``path`` with ``from_ms <= ts < to_ms``, oldest first."""
    return _stored(sample_columns(db, path, from_ms, to_ms))


def _rollup_buckets(table: str) -> str:
    return (
        "SELECT (bucket_ms / :width) * :width AS b,"
        " SUM(n_good), SUM(n_bad), MIN(v_min), MAX(v_max), SUM(v_sum)"
        f" FROM {table} WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi"
        " GROUP BY b ORDER BY b"
    )


def trend(db: Database, path: str, from_ms: int, to_ms: int, max_points: int = 2000) -> Envelope:
    """At most ``max_points`` buckets covering ``[from_ms, to_ms)``, from raw samples or a rollup.

    Buckets are aligned to multiples of their width since the epoch, so panning a trend
    does not reshuffle them. A rollup bucket that straddles ``from_ms`` is included whole.
    """
    if max_points < 2:
        raise StorageError(db.where, f"a trend needs at least 2 points, not {max_points}")
    if to_ms <= from_ms:
        raise StorageError(db.where, "a trend needs its end after its start")
    width = -(-(to_ms - from_ms) // (max_points - 1))
    with db.engine.connect() as conn:
        point_id = _point_id(conn, db, path)
        params = {"point": point_id, "lo": from_ms, "hi": to_ms}
        if width < MINUTE.width_ms:
            fetch = _fetch(conn, db)
            raw = raw_buckets(fetch, db.where, point_id, (from_ms, to_ms), width=width, max_points=max_points)
            if raw is not None:
                buckets = (raw.start, raw.good, raw.bad, raw.low, raw.high, raw.mean)
                return Envelope(path, "raw", raw.width, *buckets)
            width = MINUTE.width_ms  # raw samples are past their retention: the rollups still know
        resolution = next(r for r in (DAY, HOUR, MINUTE) if r.width_ms <= width)
        return _rollup_envelope(conn, path, resolution, width, params)


def _rollup_envelope(
    conn: Connection, path: str, resolution: Resolution, width: int, params: dict[str, int]
) -> Envelope:
    bucket = -(-width // resolution.width_ms) * resolution.width_ms
    lo = params["lo"] // resolution.width_ms * resolution.width_ms
    rows = conn.execute(text(_rollup_buckets(resolution.table)), {**params, "lo": lo, "width": bucket}).all()
    return _buckets(path, resolution.name, bucket, rows)


def _buckets(path: str, resolution: str, width: int, rows: list[tuple]) -> Envelope:  # type: ignore[type-arg]
    good = [int(r[1]) for r in rows]
    means = [r[5] / n if n else math.nan for r, n in zip(rows, good, strict=True)]
    return _envelope(
        path,
        resolution,
        width,
        starts=[r[0] for r in rows],
        good=good,
        bad=[int(r[2]) for r in rows],
        low=[math.nan if r[3] is None else r[3] for r in rows],
        high=[math.nan if r[4] is None else r[4] for r in rows],
        mean=means,
    )


def _envelope(
    path: str,
    resolution: str,
    width: int,
    *,
    starts: list[int],
    good: list[int],
    bad: list[int],
    low: list[float],
    high: list[float],
    mean: list[float],
) -> Envelope:
    return Envelope(
        path,
        resolution,
        width,
        np.array(starts, dtype=np.int64),
        np.array(good, dtype=np.int64),
        np.array(bad, dtype=np.int64),
        np.array(low, dtype=np.float64),
        np.array(high, dtype=np.float64),
        np.array(mean, dtype=np.float64),
    )


def interval_bounds(from_ms: int, to_ms: int, interval: Interval, tz: tzinfo) -> list[int]:
    """Local calendar boundaries (UTC ms) of the intervals that overlap [from, to)."""
    start = datetime.fromtimestamp(from_ms / 1000, tz)
    start = start.replace(minute=0, second=0, microsecond=0)
    if interval != "hour":
        start = start.replace(hour=0)
    if interval == "month":
        start = start.replace(day=1)
    bounds = []
    current = start
    while True:
        ms = round(current.timestamp() * 1000)
        bounds.append(ms)
        if ms >= to_ms:
            return bounds
        current = _next_boundary(current, interval, tz)


def _next_boundary(moment: datetime, interval: Interval, tz: tzinfo) -> datetime:
    if interval == "hour":  # in UTC, so that the repeated hour of a DST change is not skipped
        return (moment + timedelta(hours=1)).astimezone(tz)
    if interval == "day":
        naive = moment.replace(tzinfo=None) + timedelta(days=1)
    else:
        naive = moment.replace(
            tzinfo=None, year=moment.year + moment.month // 12, month=moment.month % 12 + 1
        )
    return naive.replace(tzinfo=tz)


def energy(
    db: Database, path: str, from_ms: int, to_ms: int, *, interval: Interval, tz: tzinfo
) -> list[EnergyInterval]:
    """Energy counted by counter ``path`` per local ``interval`` overlapping [from, to)."""
    bounds = interval_bounds(from_ms, to_ms, interval, tz)
    source = HOUR if all(b % HOUR.width_ms == 0 for b in bounds) else MINUTE
    with db.engine.connect() as conn:
        point_id = _point_id(conn, db, path)
        counter = conn.execute(select(points.c.counter).where(points.c.id == point_id)).scalar()
        if not counter:
            raise StorageError(db.where, f"point {path!r} is not an energy counter")
        rows = conn.execute(
            text(
                f"SELECT bucket_ms, n_good, delta FROM {source.table}"
                " WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi ORDER BY bucket_ms"
            ),
            {"point": point_id, "lo": bounds[0], "hi": bounds[-1]},
        ).all()
    totals: list[float] = [0.0] * (len(bounds) - 1)
    seen = [False] * (len(bounds) - 1)
    for bucket_ms, n_good, delta in rows:
        index = bisect.bisect_right(bounds, bucket_ms) - 1
        totals[index] += delta or 0.0
        seen[index] = seen[index] or n_good > 0
    return [
        EnergyInterval(lo, hi, total if any_good else None)
        for lo, hi, total, any_good in zip(bounds, bounds[1:], totals, seen, strict=False)
    ]


def counter_points(db: Database, device_path: str) -> list[str]:
    """The energy counters of the device at ``device_path`` (``site/device``)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(points.c.path)
            .where(points.c.path.startswith(device_path.rstrip("/") + "/", autoescape=True), points.c.counter)
            .order_by(points.c.path)
        )
        return [r.path for r in rows]


def device_energy(
    db: Database, device_path: str, from_ms: int, to_ms: int, *, interval: Interval, tz: tzinfo
) -> dict[str, list[EnergyInterval]]:
    """``energy`` for every counter of one device (import and export stay apart)."""
    paths = counter_points(db, device_path)
    if not paths:
        raise StorageError(db.where, f"device {device_path!r} has no energy counters")
    return {path: energy(db, path, from_ms, to_ms, interval=interval, tz=tz) for path in paths}


def latest(db: Database, paths: Iterable[str] | None = None) -> dict[str, StoredSample]:
    """The newest stored sample of each point (all points when ``paths`` is None)."""
    with db.engine.connect() as conn:
        catalogue = {r.path: r.id for r in conn.execute(select(points.c.id, points.c.path))}
        wanted = catalogue if paths is None else {p: catalogue[p] for p in paths if p in catalogue}
        fetch = _fetch(conn, db)
        result = {}
        for path, point_id in wanted.items():
            sample = newest(fetch, db.where, point_id)
            if sample is not None:
                result[path] = StoredSample(*sample)
        return result


def iter_samples(
    db: Database, path: str, from_ms: int, to_ms: int, window_ms: int = 6 * BLOCK_MS
) -> Iterator[StoredSample]:
    """``raw_samples`` a few hours at a time, for exports too large to hold at once.

    Each window starts at the next stored sample, so long gaps cost nothing.
    """
    with db.engine.connect() as conn:
        point_id = _point_id(conn, db, path)
    cursor = from_ms
    while cursor < to_ms:
        with db.engine.connect() as conn:
            fetch = _fetch(conn, db)
            start = first_time_from(fetch, point_id, cursor)
            if start is None or start >= to_ms:
                return
            cursor = min(start + window_ms, to_ms)
            columns = read_columns(fetch, db.where, point_id, start, cursor)
        yield from _stored(columns)
