"""The energy performance indicator of ISO 50006: consumption against what drives it.

A site names one relevant variable (its production counter, or outdoor temperature as
cooling or heating degree days) and a baseline period. Over the baseline's whole local
days, weeks or months, consumption is fitted as ``kWh = a + b × variable``; in the report
period each interval's expected consumption is what that line gives for the interval's
variable, and the savings are expected minus actual. ISO 50006 leaves the acceptance of a
model to the organisation; we refuse to claim savings from a model with R² below 0.5 or
fewer than 12 intervals, and say so on the page.

Intervals are built from hourly rollups (a year of baseline is a few thousand rows), so
an interval counts only if every hour of it was read: the energy counters in every hour,
a production counter in every hour and the one before, a temperature in 90 % of them.
Hours are placed in the local day in which they begin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from itertools import pairwise

import numpy as np

from app.reporting.local_time import HOUR_MS
from app.reporting.meters import TO_KWH, Meter
from app.site.config import Site
from app.site.energy_settings import EnergyPerformance
from storage.database import Database
from storage.errors import UnknownPointError
from storage.queries import interval_bounds
from storage.report_queries import rollup_lasts, steps
from storage.rollups import HOUR

MIN_R2 = 0.5
MIN_INTERVALS = 12
#: A degree-day interval needs a temperature in at least this share of its hours.
TEMPERATURE_COVERAGE = 0.9


@dataclass(frozen=True)
class PerformanceInterval:
    start_ms: int
    variable: float | None
    actual_kwh: float | None
    expected_kwh: float | None


@dataclass(frozen=True)
class Baseline:
    from_ms: int
    to_ms: int
    #: Baseline intervals with both consumption and variable complete: those fitted.
    intervals: int
    intercept: float | None
    slope: float | None
    r2: float | None
    cv_rmse: float | None

    @property
    def valid(self) -> bool:
        return self.intervals >= MIN_INTERVALS and self.r2 is not None and self.r2 >= MIN_R2


@dataclass(frozen=True)
class Performance:
    settings: EnergyPerformance
    baseline: Baseline
    intervals: tuple[PerformanceInterval, ...]

    def _both(self) -> list[PerformanceInterval]:
        return [i for i in self.intervals if i.actual_kwh is not None and i.expected_kwh is not None]

    @property
    def expected_kwh(self) -> float | None:
        both = self._both()
        return math.fsum(i.expected_kwh for i in both if i.expected_kwh is not None) if both else None

    @property
    def actual_kwh(self) -> float | None:
        both = self._both()
        return math.fsum(i.actual_kwh for i in both if i.actual_kwh is not None) if both else None

    @property
    def savings_kwh(self) -> float | None:
        """Expected minus actual over the intervals that have both; None without a valid baseline."""
        if not self.baseline.valid or self.expected_kwh is None or self.actual_kwh is None:
            return None
        return self.expected_kwh - self.actual_kwh


def performance(
    db: Database, site: Site, meters: list[Meter], period: tuple[int, int], zone: tzinfo
) -> Performance | None:
    """The site's indicator over ``period`` (from, to); None when the site file configures none."""
    settings = site.energy_performance
    if settings is None:
        return None
    point = f"{site.id}/{settings.point}"
    base_lo = _midnight(settings.baseline_from.isoformat(), zone)
    base_hi = _midnight((settings.baseline_to + timedelta(days=1)).isoformat(), zone)
    base = _intervals(db, settings, point, meters, (base_lo, base_hi), zone=zone)
    fitted = _fit(base, (base_lo, base_hi))
    shown = []
    for start, variable, kwh in _intervals(db, settings, point, meters, period, zone=zone):
        expected = None
        if variable is not None and fitted.slope is not None and fitted.intercept is not None:
            expected = fitted.intercept + fitted.slope * variable
        shown.append(PerformanceInterval(start, variable, kwh, expected))
    return Performance(settings, fitted, tuple(shown))


def _midnight(day: str, zone: tzinfo) -> int:
    moment = datetime.combine(datetime.fromisoformat(day).date(), time(), tzinfo=zone)
    return round(moment.timestamp() * 1000)


Interval = tuple[int, float | None, float | None]


def _intervals(
    db: Database,
    settings: EnergyPerformance,
    point: str,
    meters: list[Meter],
    span: tuple[int, int],
    *,
    zone: tzinfo,
) -> list[Interval]:
    """(start, variable, kWh) of each whole interval inside ``span``; None where not fully read."""
    lo, hi = span
    bounds = interval_bounds(lo, hi, "month" if settings.interval == "month" else "day", zone)
    if settings.interval == "week":
        bounds = [b for b in bounds if datetime.fromtimestamp(b / 1000, zone).weekday() == 0]
    whole = [(a, b) for a, b in pairwise(bounds) if a >= lo and b <= hi]
    if not whole:
        return []
    first, last = whole[0][0] // HOUR_MS * HOUR_MS, -(-whole[-1][1] // HOUR_MS) * HOUR_MS
    kwh = _hourly_kwh(db, meters, first, last)
    variable = _hourly_variable(db, settings, point, first, last)
    found = []
    for a, b in whole:
        hours = slice((a - first) // HOUR_MS, (b - first) // HOUR_MS)
        energy = kwh[hours]
        found.append(
            (
                a,
                _variable_of(settings, variable[hours]),
                None if np.isnan(energy).any() else float(energy.sum()),
            )
        )
    return found


def _hourly_kwh(db: Database, meters: list[Meter], first: int, last: int) -> np.ndarray:
    """The meters' kWh per hour together, NaN where any of them gave no reading."""
    total = np.zeros((last - first) // HOUR_MS)
    for meter in meters:
        try:
            read = steps(db, meter.counter, first, last, HOUR_MS, resolution=HOUR)
        except UnknownPointError:
            return np.full(len(total), np.nan)
        factor = TO_KWH.get(read.unit.strip().lower(), 1.0)
        total += np.where(read.n_good > 0, read.delta * factor, np.nan)
    return total


def _hourly_variable(
    db: Database, settings: EnergyPerformance, point: str, first: int, last: int
) -> np.ndarray:
    """Per hour: the production counted (a reset counts from zero), or the mean temperature."""
    hours = (last - first) // HOUR_MS
    if settings.variable != "production":
        try:
            return steps(db, point, first, last, HOUR_MS, resolution=HOUR).mean
        except UnknownPointError:
            return np.full(hours, np.nan)
    read = rollup_lasts(db, point, first - HOUR_MS, last, resolution=HOUR)
    counter = np.full(hours + 1, np.nan)
    if read is not None:
        counter[(read[0] - (first - HOUR_MS)) // HOUR_MS] = read[1]
    rise = np.diff(counter)
    return np.where(rise < 0, counter[1:], rise)


def _variable_of(settings: EnergyPerformance, hours: np.ndarray) -> float | None:
    read = ~np.isnan(hours)
    if settings.variable == "production":
        return float(hours.sum()) if read.all() else None
    if read.mean() < TEMPERATURE_COVERAGE:
        return None
    excess = hours[read] - settings.base_temperature
    if settings.variable == "heating_degree_days":
        excess = -excess
    return float(np.maximum(excess, 0.0).mean() * len(hours) / 24)


def _fit(intervals: list[Interval], span: tuple[int, int]) -> Baseline:
    """Least squares over the complete intervals; R² and CV(RMSE) with n − 2 degrees of freedom."""
    pairs = [(v, k) for _, v, k in intervals if v is not None and k is not None]
    n = len(pairs)
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    if n < 3 or np.ptp(x) == 0:
        return Baseline(*span, n, None, None, None, None)
    slope, intercept = np.polyfit(x, y, 1)
    residual = float(((y - (intercept + slope * x)) ** 2).sum())
    spread = float(((y - y.mean()) ** 2).sum())
    r2 = 1 - residual / spread if spread > 0 else None
    cv = math.sqrt(residual / (n - 2)) / float(y.mean()) if y.mean() > 0 else None
    return Baseline(*span, n, float(intercept), float(slope), r2, cv)
