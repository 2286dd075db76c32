"""An online anomaly score per point: how far a value is from what this point usually reads.

Fixed limits catch what engineers foresaw; this catches a machine or a load that behaves
unlike itself. For each sample the detector gives a score, the distance from the learned
level in units of the learned spread, and the alarm rule compares the score with its
sensitivity, with the usual delays.

* **Local baseline**: exponentially weighted level and mean absolute deviation, on the
  samples' own clock (so irregular intervals weigh correctly). Values outside the band are
  not learned from, so a spike neither becomes normal while it lasts nor widens the band for
  the next one. A departure that lasts ``relearn_s`` (15 minutes) is accepted as the new
  normal: the level restarts from it and learning resumes.
* **Seasonal baseline** (``seasonal``, for load): a level and spread per hour of the day in
  the site's local time, interpolated between hour centres. It catches a night that looks
  like a working day, which the local baseline follows too closely to notice. An hour is
  used only once it has been seen on two different days.
* **Warm-up**: no score (NaN) until ``warmup_s`` of data has been seen, so a new point never
  alarms on what it has not learned yet.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

HOURS = 24
#: Time constants of the local baseline and of the seasonal buckets, in seconds.
LEVEL_TAU_S = 20.0
SCALE_TAU_S = 1800.0
SEASONAL_TAU_S = 7200.0
SEASONAL_MIN_DAYS = 2
#: Longest gap between samples that still counts as continuous learning.
MAX_STEP_S = 60.0
RELEARN_S = 900.0


@dataclass(slots=True)
class _Bucket:
    level: float = 0.0
    scale: float = 0.0
    days: int = 0
    last_day: int = -1
    seen_s: float = 0.0

    @property
    def learned(self) -> bool:
        return self.days >= SEASONAL_MIN_DAYS


@dataclass(slots=True)
class AnomalyDetector:
    """Scores one point's samples; feed every good sample in time order."""

    sensitivity: float = 6.0
    warmup_s: float = 600.0
    seasonal: bool = False
    relearn_s: float = RELEARN_S
    level: float = math.nan
    scale: float = 0.0
    _outside_since_ms: int | None = None
    _first_ms: int | None = None
    _last_ms: int | None = None
    _buckets: list[_Bucket] = field(default_factory=lambda: [_Bucket() for _ in range(HOURS)])

    def score(self, ts_ms: int, value: float) -> float:
        """The sample's anomaly score (NaN during warm-up), then learn from it."""
        if self._first_ms is None or self._last_ms is None:
            self._first_ms = self._last_ms = ts_ms
            self.level = value
            return math.nan
        dt = min(max(ts_ms - self._last_ms, 0) / 1000.0, MAX_STEP_S)
        self._last_ms = max(self._last_ms, ts_ms)
        warm = (ts_ms - self._first_ms) / 1000.0 >= self.warmup_s
        hour = self._local_hour(ts_ms) if self.seasonal else 0.0
        result = self._score(value, hour) if warm else math.nan
        if warm and result > self.sensitivity:
            if self._outside_since_ms is None:
                self._outside_since_ms = ts_ms
            if ts_ms - self._outside_since_ms < self.relearn_s * 1000:
                return result
            self.level = value
        else:
            self._outside_since_ms = None
        seen = (ts_ms - self._first_ms) / 1000.0
        self.level, self.scale = _learn(
            self.level, self.scale, value, dt, seen, level_tau=LEVEL_TAU_S, scale_tau=SCALE_TAU_S
        )
        if self.seasonal:
            self._learn_seasonal(ts_ms, value, dt, hour)
        return result

    def _score(self, value: float, hour: float) -> float:
        local = abs(value - self.level) / _floor(self.scale, self.level)
        if not self.seasonal:
            return local
        expected = self._seasonal(hour)
        if expected is None:
            return local
        level, scale = expected
        return max(local, abs(value - level) / _floor(scale, level))

    def _seasonal(self, hour: float) -> tuple[float, float] | None:
        """Level and spread at this time of day, interpolated between the two nearest hour centres."""
        position = hour - 0.5
        below = math.floor(position) % HOURS
        above = (below + 1) % HOURS
        a, b = self._buckets[below], self._buckets[above]
        if not (a.learned and b.learned):
            return None
        weight = position - math.floor(position)
        return a.level + (b.level - a.level) * weight, max(a.scale, b.scale)

    def _learn_seasonal(self, ts_ms: int, value: float, dt: float, hour: float) -> None:
        bucket = self._buckets[int(hour) % HOURS]
        day = ts_ms // 86_400_000
        if bucket.last_day != day:
            if bucket.last_day < 0:
                bucket.level = value
            bucket.days += 1
            bucket.last_day = day
        bucket.seen_s += dt
        bucket.level, bucket.scale = _learn(
            bucket.level,
            bucket.scale,
            value,
            dt,
            bucket.seen_s,
            level_tau=SEASONAL_TAU_S,
            scale_tau=SEASONAL_TAU_S,
        )

    @staticmethod
    def _local_hour(ts_ms: int) -> float:
        local = time.localtime(ts_ms / 1000.0)
        return local.tm_hour + local.tm_min / 60.0 + local.tm_sec / 3600.0


def _floor(scale: float, level: float) -> float:
    """A spread never taken as zero, so a perfectly steady signal does not score infinity."""
    return max(scale, 1e-3 * abs(level), 1e-9)


def _learn(
    level: float, scale: float, value: float, dt: float, seen_s: float, *, level_tau: float, scale_tau: float
) -> tuple[float, float]:
    """One exponentially weighted step of level and mean absolute deviation.

    While less than a time constant has been seen, the weights are those of a running
    mean, so a young baseline is an average of all it has seen rather than of its start.
    """
    if dt <= 0:
        return level, scale
    residual = value - level
    level += (1.0 - math.exp(-dt / max(min(level_tau, seen_s), dt))) * residual
    scale += (1.0 - math.exp(-dt / max(min(scale_tau, seen_s), dt))) * (abs(residual) - scale)
    return level, scale
