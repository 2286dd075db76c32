"""Alarm conditions evaluated per batch, vectorised over every rule the batch touches.

This runs on the driver thread for every batch, so it must stay far below a millisecond
per device poll. Each rule becomes one entry in a set of parallel arrays (point, signal,
comparison, limit, deadband, delays, state), and a batch is evaluated with a handful of
numpy operations over the rules of the points it carries; Python only loops over the
conditions that actually change, and over anomaly detectors, which are few.

Every kind reduces to "a signal crosses a limit, with hysteresis and delays":

=================  ==========================================================
kind               signal compared with its limit
=================  ==========================================================
high, high_high    the value, tripping above the limit
low, low_low       the value, tripping below the limit
rate_of_change     change per second since the previous good sample
deviation          ``|value − reference| / |reference|`` in %
band, nominal_band how far the value is outside the band (limit 0)
digital            1 when the value equals ``state``, else 0 (limit ½)
stale              seconds the value has not changed
anomaly            the detector's score, tripping above ``sensitivity``
=================  ==========================================================

Communication loss is different: it needs no sample to trip (a device may send
nothing at all), so besides the batches a clock :meth:`tick` checks it. It trips when a
point has had no good sample for ``intervals`` × the device's interval, and it is
stamped with the moment that span ended, however late it is noticed.

A sample of bad quality neither raises nor clears a value condition: what the device
could not measure is communication loss's business. Conditions use the samples' own
timestamps, so on- and off-delays mean the same thing live and in a test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from app.alarms.anomaly import AnomalyDetector
from app.site.alarm_rules import AlarmRule, RuleKind
from drivers.base import Quality, Sample

_CACHE_LIMIT = 1024


class Signal(IntEnum):
    VALUE = 0
    RATE = 1
    DEVIATION = 2
    BAND = 3
    DIGITAL = 4
    FROZEN = 5
    ANOMALY = 6


_SIGNAL_OF = {
    RuleKind.HIGH: Signal.VALUE,
    RuleKind.HIGH_HIGH: Signal.VALUE,
    RuleKind.LOW: Signal.VALUE,
    RuleKind.LOW_LOW: Signal.VALUE,
    RuleKind.RATE_OF_CHANGE: Signal.RATE,
    RuleKind.DEVIATION: Signal.DEVIATION,
    RuleKind.BAND: Signal.BAND,
    RuleKind.NOMINAL_BAND: Signal.BAND,
    RuleKind.DIGITAL: Signal.DIGITAL,
    RuleKind.STALE: Signal.FROZEN,
    RuleKind.ANOMALY: Signal.ANOMALY,
}


@dataclass(frozen=True, slots=True)
class ConditionChange:
    """A condition became true (``active``) or false at ``ts_ms``; ``value`` is what was read."""

    condition: int
    active: bool
    ts_ms: int
    value: float | None


@dataclass(frozen=True, slots=True)
class _Selection:
    """Which conditions one shape of batch touches, and where their samples are in it."""

    rules: np.ndarray
    positions: np.ndarray
    by_signal: dict[Signal, np.ndarray]
    comm: np.ndarray
    comm_positions: np.ndarray
    anomaly: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Batch:
    """One batch's samples (each point once) and what was known of their points before it."""

    ts: np.ndarray
    values: np.ndarray
    good: np.ndarray
    previous_value: np.ndarray
    previous_good_ms: np.ndarray
    ever_good: np.ndarray


class ConditionEvaluator:
    """Holds the state of every condition; not thread-safe (the alarm service locks around it).

    ``point_ids`` maps paths to the integer ids in samples; ``intervals_s`` gives each
    point's expected time between readings, for communication loss.
    """

    def __init__(
        self,
        rules: Sequence[AlarmRule],
        point_ids: dict[str, int],
        intervals_s: dict[str, float],
        start_ms: int,
    ) -> None:
        paths = sorted({p for rule in rules for p in (rule.point, *rule.references())})
        self._dense = {path: i for i, path in enumerate(paths)}
        ids = [point_ids[p] for p in paths]
        self._lookup = np.full(max(ids, default=0) + 1, -1, dtype=np.int64)
        self._lookup[ids] = np.arange(len(ids))
        n = len(paths)
        self._last_value = np.full(n, np.nan)
        self._last_good_ms = np.full(n, start_ms, dtype=np.int64)
        self._ever_good = np.zeros(n, dtype=bool)
        self._last_change_ms = np.full(n, start_ms, dtype=np.int64)
        self._cache: dict[bytes, _Selection] = {}
        self.count = len(rules)
        self._compile(rules, intervals_s)

    def _compile(self, rules: Sequence[AlarmRule], intervals_s: dict[str, float]) -> None:
        comm = [i for i, r in enumerate(rules) if r.kind is RuleKind.COMM_LOSS]
        value = [i for i, r in enumerate(rules) if r.kind is not RuleKind.COMM_LOSS]
        self._comm_rules = np.array(comm, dtype=np.int64)
        self._comm_point = np.array([self._dense[rules[i].point] for i in comm], dtype=np.int64)
        self._comm_timeout = np.array(
            [round(rules[i].intervals * intervals_s.get(rules[i].point, 1.0) * 1000) for i in comm],
            dtype=np.int64,
        )
        self._comm_active = np.zeros(len(comm), dtype=bool)
        self._is_comm = np.zeros(len(rules), dtype=bool)
        self._is_comm[comm] = True
        self._slot = np.full(len(rules), -1, dtype=np.int64)
        self._slot[comm] = np.arange(len(comm))
        self._slot[value] = np.arange(len(value))
        self._value_rules = np.array(value, dtype=np.int64)
        picked = [rules[i] for i in value]
        self._point = np.array([self._dense[r.point] for r in picked], dtype=np.int64)
        self._signal = np.array([_SIGNAL_OF[r.kind] for r in picked], dtype=np.int8)
        self._sign = np.array([_sign(r) for r in picked], dtype=np.float64)
        self._limit = np.array([_limit(r) for r in picked], dtype=np.float64)
        self._deadband = np.array([r.deadband for r in picked], dtype=np.float64)
        self._on_ms = np.array([round(r.delay_s * 1000) for r in picked], dtype=np.int64)
        self._off_ms = np.array([round(r.off_delay_s * 1000) for r in picked], dtype=np.int64)
        self._low = np.array([_band(r)[0] for r in picked], dtype=np.float64)
        self._high = np.array([_band(r)[1] for r in picked], dtype=np.float64)
        self._state = np.array([r.state if r.state is not None else np.nan for r in picked])
        self._direction = np.array([{"rising": 1, "falling": -1}.get(r.direction, 0) for r in picked])
        self._references = [[self._dense[p] for p in r.references()] for r in picked]
        self._detectors = [
            AnomalyDetector(r.sensitivity, r.warmup_s, r.seasonal) if r.kind is RuleKind.ANOMALY else None
            for r in picked
        ]
        self._active = np.zeros(len(picked), dtype=bool)
        self._pending = np.full(len(picked), -1, dtype=np.int64)
        self._rules_of_point: list[list[int]] = [[] for _ in self._dense]
        for slot, point in enumerate(self._point):
            self._rules_of_point[point].append(slot)
        self._comm_of_point: list[list[int]] = [[] for _ in self._dense]
        for slot, point in enumerate(self._comm_point):
            self._comm_of_point[point].append(slot)

    def restore(self, condition: int, active: bool) -> None:
        """Start from a condition state kept from an earlier run, so its return is noticed."""
        slot = self._slot[condition]
        if self._is_comm[condition]:
            self._comm_active[slot] = active
        else:
            self._active[slot] = active

    def is_active(self, condition: int) -> bool:
        slot = self._slot[condition]
        return bool(self._comm_active[slot] if self._is_comm[condition] else self._active[slot])

    # Batches

    def on_samples(self, samples: Sequence[Sample]) -> list[ConditionChange]:
        """Evaluate one batch; the changes come back in time order."""
        if not samples:
            return []
        ids_col, ts_col, value_col, quality_col = zip(*samples, strict=True)
        count = len(samples)
        ids = np.fromiter(ids_col, np.int64, count)
        known = (ids >= 0) & (ids < len(self._lookup))
        points = np.where(known, self._lookup[np.where(known, ids, 0)], -1)
        mine = points >= 0
        if not mine.any():
            return []
        ts = np.fromiter(ts_col, np.int64, count)[mine]
        values = np.array(value_col, dtype=np.float64)[mine]
        good = (np.fromiter(quality_col, np.int64, count)[mine] == Quality.GOOD) & np.isfinite(values)
        points = points[mine]
        changes: list[ConditionChange] = []
        for level in _occurrence_levels(points):
            self._evaluate(points[level], ts[level], values[level], good[level], changes)
        changes.sort(key=lambda c: (c.ts_ms, c.condition))
        return changes

    def _selection(self, points: np.ndarray) -> _Selection:
        key = points.tobytes()
        found = self._cache.get(key)
        if found is not None:
            return found
        rules: list[int] = []
        positions: list[int] = []
        comm: list[int] = []
        comm_positions: list[int] = []
        for position, point in enumerate(points.tolist()):
            for slot in self._rules_of_point[point]:
                rules.append(slot)
                positions.append(position)
            for slot in self._comm_of_point[point]:
                comm.append(slot)
                comm_positions.append(position)
        rule_array = np.array(rules, dtype=np.int64)
        signals = self._signal[rule_array] if rules else np.empty(0, dtype=np.int8)
        selection = _Selection(
            rules=rule_array,
            positions=np.array(positions, dtype=np.int64),
            by_signal={s: np.flatnonzero(signals == s) for s in Signal if (signals == s).any()},
            comm=np.array(comm, dtype=np.int64),
            comm_positions=np.array(comm_positions, dtype=np.int64),
            anomaly=tuple(
                (i, positions[i]) for i, slot in enumerate(rules) if self._signal[slot] == Signal.ANOMALY
            ),
        )
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = selection
        return selection

    def _evaluate(
        self,
        points: np.ndarray,
        ts: np.ndarray,
        values: np.ndarray,
        good: np.ndarray,
        changes: list[ConditionChange],
    ) -> None:
        """One batch in which every point occurs once."""
        chosen = self._selection(points)
        previous_value = self._last_value[points]
        previous_good_ms = self._last_good_ms[points]
        ever_good = self._ever_good[points]
        changed = good & (values != previous_value)
        self._last_change_ms[points[changed]] = ts[changed]
        self._last_value[points[good]] = values[good]
        self._last_good_ms[points[good]] = ts[good]
        self._ever_good[points[good]] = True
        if len(chosen.rules):
            batch = _Batch(ts, values, good, previous_value, previous_good_ms, ever_good)
            signal = self._signals(chosen, batch)
            self._compare(chosen.rules, signal, ts[chosen.positions], values[chosen.positions], changes)
        if len(chosen.comm):
            self._comm_on_samples(chosen, ts, good, previous_good_ms, changes)

    def _signals(self, chosen: _Selection, batch: _Batch) -> np.ndarray:
        rules, positions = chosen.rules, chosen.positions
        ts, values, good = batch.ts, batch.values, batch.good
        previous_value, previous_good_ms = batch.previous_value, batch.previous_good_ms
        v = values[positions]
        signal = v.copy()
        for kind, at in chosen.by_signal.items():
            if kind is Signal.VALUE:
                continue
            slots, pos, x = rules[at], positions[at], v[at]
            if kind is Signal.RATE:
                dt_s = (ts[pos] - previous_good_ms[pos]) / 1000.0
                with np.errstate(divide="ignore", invalid="ignore"):
                    rate = np.where(
                        batch.ever_good[pos] & (dt_s > 0), (x - previous_value[pos]) / dt_s, np.nan
                    )
                direction = self._direction[slots]
                signal[at] = np.where(direction == 0, np.abs(rate), rate * direction)
            elif kind is Signal.DEVIATION:
                signal[at] = self._deviation(slots, x)
            elif kind is Signal.BAND:
                signal[at] = np.maximum(self._low[slots] - x, x - self._high[slots])
            elif kind is Signal.DIGITAL:
                signal[at] = (np.abs(x - self._state[slots]) < 0.5).astype(np.float64)
            elif kind is Signal.FROZEN:
                signal[at] = (ts[pos] - self._last_change_ms[self._point[slots]]) / 1000.0
        for i, position in chosen.anomaly:
            detector = self._detectors[rules[i]]
            signal[i] = (
                detector.score(int(ts[position]), float(values[position]))  # type: ignore[union-attr]
                if good[position]
                else math.nan
            )
        signal[~good[positions]] = np.nan
        return signal

    def _deviation(self, slots: np.ndarray, values: np.ndarray) -> np.ndarray:
        references = np.array([np.mean(self._last_value[self._references[s]]) for s in slots.tolist()])
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.abs(values - references) / np.abs(references) * 100.0

    def _compare(
        self,
        rules: np.ndarray,
        signal: np.ndarray,
        ts: np.ndarray,
        values: np.ndarray,
        changes: list[ConditionChange],
    ) -> None:
        """Hysteresis and delays, for every selected rule at once."""
        active = self._active[rules]
        margin = self._sign[rules] * (signal - self._limit[rules])
        valid = ~np.isnan(margin)
        with np.errstate(invalid="ignore"):
            raw = np.where(active, margin > -self._deadband[rules], margin > 0)
        differs = valid & (raw != active)
        pending = self._pending[rules]
        pending = np.where(differs, np.where(pending < 0, ts, pending), np.where(valid, -1, pending))
        fire = differs & (ts - pending >= np.where(active, self._off_ms[rules], self._on_ms[rules]))
        pending[fire] = -1
        self._pending[rules] = pending
        if fire.any():
            fired = np.flatnonzero(fire)
            self._active[rules[fired]] = ~active[fired]
            for i in fired.tolist():
                changes.append(
                    ConditionChange(
                        int(self._value_rules[rules[i]]), not bool(active[i]), int(ts[i]), float(values[i])
                    )
                )

    # Communication loss

    def _comm_on_samples(
        self,
        chosen: _Selection,
        ts: np.ndarray,
        good: np.ndarray,
        previous_good_ms: np.ndarray,
        changes: list[ConditionChange],
    ) -> None:
        slots, positions = chosen.comm, chosen.comm_positions
        active = self._comm_active[slots]
        sample_good = good[positions]
        sample_ts = ts[positions]
        deadline = previous_good_ms[positions] + self._comm_timeout[slots]
        clear = active & sample_good
        trip = ~active & ~sample_good & (sample_ts >= deadline)
        for i in np.flatnonzero(clear | trip).tolist():
            tripped = bool(trip[i])
            self._comm_active[slots[i]] = tripped
            moment = int(deadline[i]) if tripped else int(sample_ts[i])
            changes.append(ConditionChange(int(self._comm_rules[slots[i]]), tripped, moment, None))

    def tick(self, now_ms: int) -> list[ConditionChange]:
        """Trip communication loss for points that have sent nothing good for too long."""
        if not len(self._comm_rules):
            return []
        deadline = self._last_good_ms[self._comm_point] + self._comm_timeout
        trip = ~self._comm_active & (now_ms >= deadline)
        changes = []
        for slot in np.flatnonzero(trip).tolist():
            self._comm_active[slot] = True
            changes.append(ConditionChange(int(self._comm_rules[slot]), True, int(deadline[slot]), None))
        return changes


def _occurrence_levels(points: np.ndarray) -> list[np.ndarray]:
    """Split a batch so that each part holds every point at most once, in arrival order.

    A device poll holds each point once (one part); a batch of history may hold several
    samples of a point, which must be evaluated one after the other for delays to work.
    """
    order = np.argsort(points, kind="stable")
    ordered = points[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    if starts.all():
        return [np.arange(len(points))]
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(points)), 0))
    rank = np.empty(len(points), dtype=np.int64)
    rank[order] = np.arange(len(points)) - group_start
    return [np.flatnonzero(rank == r) for r in range(int(rank.max()) + 1)]


def _sign(rule: AlarmRule) -> float:
    return -1.0 if rule.kind in (RuleKind.LOW, RuleKind.LOW_LOW) else 1.0


def _limit(rule: AlarmRule) -> float:
    if rule.kind in (RuleKind.BAND, RuleKind.NOMINAL_BAND):
        return 0.0
    if rule.kind is RuleKind.DIGITAL:
        return 0.5
    if rule.kind is RuleKind.ANOMALY:
        return rule.sensitivity
    return float(rule.limit if rule.limit is not None else math.nan)


def _band(rule: AlarmRule) -> tuple[float, float]:
    if rule.kind is RuleKind.NOMINAL_BAND and rule.nominal is not None:
        spread = abs(rule.nominal) * rule.tolerance_pct / 100.0
        return rule.nominal - spread, rule.nominal + spread
    if rule.kind is RuleKind.BAND and rule.low is not None and rule.high is not None:
        return rule.low, rule.high
    return math.nan, math.nan
