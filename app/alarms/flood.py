"""Flood control: the alarm rate, the first alarm of a burst, and chattering alarms (EEMUA 191).

During a plant upset dozens of alarms arrive within seconds; the one that came first
usually names the cause. A burst starts with an activation after ``burst_gap_s`` of quiet,
and that activation is the burst's first-out. The rate counts activations annunciated in
the last ten minutes; above ``flood_per_10min`` the operator is in an alarm flood and the
display says so. An alarm that activates more than ``chatter_count`` times within
``chatter_window_s`` is chattering: flagged for maintenance, since it trains people to
ignore alarms.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from app.site.alarm_rules import AlarmSettings

WINDOW_MS = 600_000


@dataclass(frozen=True, slots=True)
class FloodStatus:
    rate_per_10min: int
    flood: bool
    first_out: str | None


class FloodMonitor:
    """Not thread-safe; the alarm service calls it under its lock."""

    def __init__(self, settings: AlarmSettings) -> None:
        self._settings = settings
        self._recent: deque[int] = deque()
        self._last_ms: int | None = None
        self._first_out: str | None = None
        self._per_alarm: dict[str, deque[int]] = {}

    def activation(self, key: str, ts_ms: int, annunciated: bool) -> tuple[bool, bool]:
        """Count one activation; returns (is the burst's first-out, is chattering now)."""
        first = False
        if annunciated:
            first = self._last_ms is None or ts_ms - self._last_ms > self._settings.burst_gap_s * 1000
            if first:
                self._first_out = key
            self._last_ms = ts_ms if self._last_ms is None else max(self._last_ms, ts_ms)
            self._recent.append(ts_ms)
        history = self._per_alarm.setdefault(key, deque())
        history.append(ts_ms)
        self._trim(history, ts_ms - self._settings.chatter_window_s * 1000)
        return first, len(history) > self._settings.chatter_count

    def still_chattering(self, key: str, now_ms: int) -> bool:
        history = self._per_alarm.get(key)
        if history is None:
            return False
        self._trim(history, now_ms - self._settings.chatter_window_s * 1000)
        return len(history) > self._settings.chatter_count

    def status(self, now_ms: int) -> FloodStatus:
        self._trim(self._recent, now_ms - WINDOW_MS)
        rate = len(self._recent)
        return FloodStatus(rate, rate > self._settings.flood_per_10min, self._first_out)

    @staticmethod
    def _trim(times: deque[int], oldest_ms: float) -> None:
        while times and times[0] < oldest_ms:
            times.popleft()
