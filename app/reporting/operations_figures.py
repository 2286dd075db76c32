"""The figures of a device operations report: availability, running, generators, alarms.

Availability is the share of the readings a device should have given (its points × the
period ÷ its polling interval) that arrived good; running hours are the hours in which a
machine ran (its ``running`` flag, else its engine speed, else its active power above zero);
a generator's starts are the minutes its ``running`` flag rose, and its fuel use the falls of
its tank level (rises of more than ``REFILL_POINTS`` in an hour are refills). Alarm figures
follow ISA-18.2 and EEMUA 191: activations by priority and alarm, mean time to acknowledge,
the ten most frequent alarms, chattering, shelved time, alarms standing at the end, and the
rate per 10 minutes against EEMUA's flood of more than 10.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from app.reporting.scope import scope_of
from app.site.config import PointInfo, SiteConfig
from storage.database import Database
from storage.report_queries import AlarmEvent, alarm_history, point_counts, rollup_lasts
from storage.report_queries import running as running_minutes
from storage.rollups import HOUR

#: A rise of the fuel level by more than this many percentage points within an hour is a refill.
REFILL_POINTS = 5.0
#: EEMUA 191: more than this many alarms in 10 minutes is a flood.
FLOOD_PER_10_MIN = 10
TEN_MIN_MS = 600_000
TOP = 10
#: The journal's words for events and states (the alarm engine's, kept as text in the journal).
ACTIVATED, ACKNOWLEDGED, CHATTERING = "activated", "acknowledged", "chattering"
NORMAL, SHELVED = "normal", "shelved"


@dataclass(frozen=True)
class DeviceOperation:
    device: str
    availability: float | None
    bad_readings: int
    running_hours: float | None
    starts: int | None
    fuel_used_points: float | None
    refills: int | None


@dataclass(frozen=True)
class AlarmCount:
    key: str
    point: str
    priority: str
    activations: int
    chattering: int
    shelved_hours: float
    mean_ack_s: float | None


@dataclass(frozen=True)
class OperationsFigures:
    scope: str
    title: str
    from_ms: int
    to_ms: int
    devices: tuple[DeviceOperation, ...]
    alarms: tuple[AlarmCount, ...]
    by_priority: dict[str, int]
    mean_ack_s: float | None
    acknowledged: int
    standing: tuple[str, ...]
    rate_per_10_min: float
    peak_per_10_min: int
    flood_share: float

    @property
    def activations(self) -> int:
        return sum(a.activations for a in self.alarms)

    @property
    def bad_actors(self) -> tuple[AlarmCount, ...]:
        ranked = sorted((a for a in self.alarms if a.activations), key=lambda a: (-a.activations, a.key))
        return tuple(ranked[:TOP])


def operations_figures(
    db: Database, config: SiteConfig, scope: str, *, from_ms: int, to_ms: int
) -> OperationsFigures:
    """The operations of ``scope`` (a site id or ``site/device``) over [from, to)."""
    covered = scope_of(config, scope)
    in_scope = covered.points
    counts = point_counts(db, [p.path for p in in_scope], from_ms, to_ms)
    operations = tuple(
        _device(db, device, points, counts, interval_s=covered.intervals.get(device), period=(from_ms, to_ms))
        for device, points in sorted(covered.devices.items())
    )
    history = alarm_history(db, {p.path for p in in_scope}, to_ms)
    return _with_alarms(scope, covered.title, (from_ms, to_ms), operations, history)


def _device(
    db: Database,
    device: str,
    points: list[PointInfo],
    counts: dict[str, tuple[int, int]],
    *,
    interval_s: float | None,
    period: tuple[int, int],
) -> DeviceOperation:
    from_ms, to_ms = period
    good = sum(counts.get(p.path, (0, 0))[0] for p in points)
    bad = sum(counts.get(p.path, (0, 0))[1] for p in points)
    expected = len(points) * (to_ms - from_ms) / 1000 / interval_s if interval_s else good + bad
    availability = min(1.0, good / expected) if expected else None
    by_quantity = {p.quantity: p.path for p in points}
    running = starts = fuel = refills = None
    flag = by_quantity.get("running") or by_quantity.get("engine_speed") or by_quantity.get("active_power")
    if flag is not None:
        flag_is_running = flag == by_quantity.get("running")
        counted = running_minutes(db, flag, from_ms, to_ms, 0.5 if flag_is_running else 0.0)
        if counted is not None:
            running = counted[0] / 60
            if flag_is_running:
                starts = counted[1]
    if "fuel_level" in by_quantity:
        levels = rollup_lasts(db, by_quantity["fuel_level"], from_ms, to_ms, resolution=HOUR)
        if levels is not None and len(levels[1]) > 1:
            steps = np.diff(levels[1])
            fuel = float(-steps[steps < 0].sum())
            refills = int(np.count_nonzero(steps > REFILL_POINTS))
    return DeviceOperation(device, availability, bad, running, starts, fuel, refills)


def _with_alarms(
    scope: str,
    title: str,
    period: tuple[int, int],
    devices: tuple[DeviceOperation, ...],
    history: list[AlarmEvent],
) -> OperationsFigures:
    from_ms, to_ms = period
    by_alarm: dict[str, list[AlarmEvent]] = {}
    for event in history:
        by_alarm.setdefault(event.key, []).append(event)
    counted, waits, standing = [], [], []
    activations_at: list[int] = []
    priorities: Counter[str] = Counter()
    for key, events in sorted(by_alarm.items()):
        inside = [e for e in events if from_ms <= e.ts_ms < to_ms]
        activated = [e for e in inside if e.event == ACTIVATED]
        activations_at += [e.ts_ms for e in activated]
        priority = events[-1].priority
        priorities[priority] += len(activated)
        own = _ack_waits(inside)
        waits += own
        counted.append(
            AlarmCount(
                key=key,
                point=events[-1].point,
                priority=priority,
                activations=len(activated),
                chattering=sum(1 for e in inside if e.event == CHATTERING),
                shelved_hours=_shelved_ms(events, from_ms, to_ms) / 3_600_000,
                mean_ack_s=sum(own) / len(own) / 1000 if own else None,
            )
        )
        if events[-1].state_after != NORMAL:
            standing.append(key)
    windows = np.bincount(
        (np.array(activations_at, dtype=np.int64) - from_ms) // TEN_MIN_MS,
        minlength=max(1, math.ceil((to_ms - from_ms) / TEN_MIN_MS)),
    )
    return OperationsFigures(
        scope=scope,
        title=title,
        from_ms=from_ms,
        to_ms=to_ms,
        devices=devices,
        alarms=tuple(counted),
        by_priority=dict(priorities),
        mean_ack_s=sum(waits) / len(waits) / 1000 if waits else None,
        acknowledged=len(waits),
        standing=tuple(standing),
        rate_per_10_min=float(windows.mean()),
        peak_per_10_min=int(windows.max()),
        flood_share=float((windows > FLOOD_PER_10_MIN).mean()),
    )


def _ack_waits(events: list[AlarmEvent]) -> list[int]:
    """For each activation acknowledged before the next, the time it waited (ms)."""
    waits, since = [], None
    for event in events:
        if event.event == ACTIVATED:
            since = event.ts_ms
        elif event.event == ACKNOWLEDGED and since is not None:
            waits.append(event.ts_ms - since)
            since = None
    return waits


def _shelved_ms(events: list[AlarmEvent], from_ms: int, to_ms: int) -> int:
    total, since = 0, None
    for event in events:
        if event.state_after == SHELVED and since is None:
            since = event.ts_ms
        elif event.state_after != SHELVED and since is not None:
            total += max(0, min(event.ts_ms, to_ms) - max(since, from_ms))
            since = None
    if since is not None:
        total += max(0, to_ms - max(since, from_ms))
    return total
