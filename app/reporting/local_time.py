"""Where each quarter-hour of a report period falls on the site's clock and calendar.

Reports count days, hours of the day and tariff bands in the site's own zone, while the
historian keeps UTC. A period is cut into quarter-hours once, and each gets its local
day, hour, weekday and quarter of the day; a day with a daylight-saving change simply
has 92 or 100 quarter-hours.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise

import numpy as np

from storage.queries import interval_bounds

QUARTER_MS = 900_000
HOUR_MS = 3_600_000


def floor_quarter(ts_ms: int) -> int:
    return ts_ms - ts_ms % QUARTER_MS


def ceil_quarter(ts_ms: int) -> int:
    return -(-ts_ms // QUARTER_MS) * QUARTER_MS


@dataclass(frozen=True)
class Quarters:
    """The quarter-hours of [from, to), both on quarter-hours, with their local place."""

    from_ms: int
    to_ms: int
    zone: tzinfo
    #: Local midnights (UTC ms) from the first day's to the one after the last day.
    day_bounds: tuple[int, ...]
    day: np.ndarray
    hour: np.ndarray
    weekday: np.ndarray
    quarter_of_day: np.ndarray
    #: The local minute of the hour at which each quarter starts (0, 15, 30 or 45).
    minute: np.ndarray

    @classmethod
    def of(cls, from_ms: int, to_ms: int, zone: tzinfo) -> Quarters:
        if from_ms % QUARTER_MS or to_ms % QUARTER_MS or to_ms <= from_ms:
            raise ValueError("a report period starts and ends on a quarter-hour, the end after the start")
        starts = range(from_ms, to_ms, QUARTER_MS)
        local = [datetime.fromtimestamp(ms / 1000, zone) for ms in starts]
        bounds = interval_bounds(from_ms, to_ms, "day", zone)
        day = np.searchsorted(np.array(bounds, dtype=np.int64), np.fromiter(starts, np.int64), "right") - 1
        return cls(
            from_ms,
            to_ms,
            zone,
            tuple(bounds),
            day,
            np.array([t.hour for t in local], dtype=np.int64),
            np.array([t.weekday() for t in local], dtype=np.int64),
            np.array([t.hour * 4 + t.minute // 15 for t in local], dtype=np.int64),
            np.array([t.minute for t in local], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.day)

    @property
    def days(self) -> int:
        return len(self.day_bounds) - 1

    def start(self, index: int) -> int:
        return self.from_ms + index * QUARTER_MS

    def local(self, ts_ms: int) -> datetime:
        return datetime.fromtimestamp(ts_ms / 1000, self.zone)


def month_shares(from_ms: int, to_ms: int, zone: tzinfo) -> list[tuple[int, int, float]]:
    """Each local calendar month the period overlaps: its part (from, to) and the share of it covered.

    Monthly charges (a fixed charge, a demand charge on the month's peak) are prorated by
    these shares, so a whole month counts exactly once and a week about a quarter.
    """
    bounds = interval_bounds(from_ms, to_ms, "month", zone)
    shares = []
    for lo, hi in pairwise(bounds):
        part_lo, part_hi = max(lo, from_ms), min(hi, to_ms)
        if part_hi > part_lo:
            shares.append((part_lo, part_hi, (part_hi - part_lo) / (hi - lo)))
    return shares


def year_before(from_ms: int, to_ms: int, zone: tzinfo) -> tuple[int, int]:
    """The same local dates and times one year earlier (29 February becomes the 28th)."""

    def back(ts_ms: int) -> int:
        moment = datetime.fromtimestamp(ts_ms / 1000, zone).replace(tzinfo=None)
        day = min(moment.day, calendar.monthrange(moment.year - 1, moment.month)[1])
        earlier = moment.replace(year=moment.year - 1, day=day).replace(tzinfo=zone)
        return round(earlier.timestamp() * 1000)

    return back(from_ms), back(to_ms)
