"""Recent samples of every point, in memory, for live values and trends.

Each point has a ring buffer written twice (at ``i`` and ``i + capacity``), so the
newest ``n`` samples are always one contiguous slice: the display reads a window
without rolling or concatenating arrays on every frame.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np

from drivers.base import Quality, SampleBatch


@dataclass(frozen=True, slots=True)
class Latest:
    """The newest sample of a point and the newest good value with its time (which may be older)."""

    ts_ms: int
    value: float | None
    quality: Quality
    good_value: float | None
    good_ts_ms: int | None = None


class _Ring:
    __slots__ = ("capacity", "count", "latest", "times", "values")

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.times = np.zeros(2 * capacity, dtype=np.float64)
        self.values = np.full(2 * capacity, np.nan, dtype=np.float64)
        self.count = 0
        self.latest: Latest | None = None

    def append(self, ts_s: float, value: float) -> None:
        i = self.count % self.capacity
        j = i + self.capacity
        self.times[i] = self.times[j] = ts_s
        self.values[i] = self.values[j] = value
        self.count += 1

    def last(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        n = min(n, self.count, self.capacity)
        end = self.count % self.capacity + self.capacity
        return self.times[end - n : end].copy(), self.values[end - n : end].copy()


class LiveBuffers:
    """Thread-safe: drivers append through :meth:`on_batch`, the display reads."""

    def __init__(self, point_ids: Iterable[int], capacity: int = 3600) -> None:
        self._capacity = capacity
        self._rings = {pid: _Ring(capacity) for pid in point_ids}
        self._lock = threading.Lock()
        self.version = 0

    def on_batch(self, batch: SampleBatch) -> None:
        with self._lock:
            for sample in batch.samples:
                ring = self._rings.get(sample.point_id)
                if ring is None:
                    continue
                good = sample.quality == Quality.GOOD and sample.value is not None
                value = sample.value if good else np.nan
                ring.append(sample.ts_ms / 1000.0, value)  # type: ignore[arg-type]
                before = ring.latest
                ring.latest = Latest(
                    sample.ts_ms,
                    sample.value,
                    Quality(sample.quality),
                    value if good else before.good_value if before else None,
                    sample.ts_ms if good else before.good_ts_ms if before else None,
                )
            self.version += 1

    def track(self, point_ids: Iterable[int]) -> None:
        """Keep samples of ``point_ids`` too (points of a device added while running)."""
        with self._lock:
            for pid in point_ids:
                if pid not in self._rings:
                    self._rings[pid] = _Ring(self._capacity)

    def latest(self, point_id: int) -> Latest | None:
        with self._lock:
            ring = self._rings.get(point_id)
            return ring.latest if ring else None

    def window(self, point_id: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The newest ``n`` samples as (UTC seconds, values); bad samples are NaN."""
        with self._lock:
            ring = self._rings.get(point_id)
            if ring is None:
                return np.empty(0), np.empty(0)
            return ring.last(n)

    def device_state(self, point_ids: Collection[int]) -> Quality | None:
        """A device's communication state from its points' newest samples; None before any arrive.

        Any point without communication makes the device lost; any other bad point makes it
        degraded (reported as that point's quality).
        """
        qualities = {latest.quality for pid in point_ids if (latest := self.latest(pid)) is not None}
        if not qualities:
            return None
        if Quality.COMM_ERROR in qualities:
            return Quality.COMM_ERROR
        return max(qualities)
