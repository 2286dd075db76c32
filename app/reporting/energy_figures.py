"""The figures of an energy consumption analysis, computed from the historian's rollups.

Everything is derived from one series: the kWh each meter counted per clock quarter-hour
(the billing convention), summed over the scope's meters. Days, hours of the day, peaks,
tariff bands and monthly charges are cuts of that series in the site's zone. A quarter
that follows a silence carries the energy of the whole silence, so it counts in the
totals but never as demand; the silences themselves are listed.

The figures are a plain object, testable without a page; ``energy_report`` lays them out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import tzinfo

import numpy as np

from app.reporting.demand import Peak, peaks
from app.reporting.local_time import HOUR_MS, QUARTER_MS, Quarters, year_before
from app.reporting.meters import (
    Meter,
    MeterQuarters,
    counted_kwh,
    hourly_means,
    meter_quarters,
    meters_of,
)
from app.reporting.performance import Performance, performance
from app.reporting.tariff_cost import Cost, price
from app.site.config import SiteConfig
from storage.database import Database

#: Local hours of the night in which the base load is sought.
NIGHT_HOURS = range(5)
#: A cross-check difference above this share of the integrated energy is shown.
CROSS_CHECK_LIMIT = 0.02


@dataclass(frozen=True)
class MeterTotal:
    meter: Meter
    kwh: float | None
    #: Silences longer than five minutes: (from, to).
    gaps: tuple[tuple[int, int], ...]
    power_factor_mean: float | None
    power_factor_min: float | None
    #: Hours whose mean power factor was below the site's limit.
    hours_below_limit: float


@dataclass(frozen=True)
class CrossCheck:
    """The counters against integrated active power, over the hours both read fully."""

    hours: float
    counted_kwh: float
    integrated_kwh: float

    @property
    def difference(self) -> float | None:
        if self.integrated_kwh <= 0:
            return None
        return (self.counted_kwh - self.integrated_kwh) / self.integrated_kwh


@dataclass(frozen=True)
class EnergyFigures:
    scope: str
    title: str
    zone: tzinfo
    from_ms: int
    to_ms: int
    meters: tuple[MeterTotal, ...]
    #: The scope's kWh per quarter-hour, NaN where no meter read.
    quarters: np.ndarray
    total_kwh: float | None
    #: Share of quarter-hours in which every meter read, after a reading no more than 5 min before.
    coverage: float
    daily: tuple[tuple[int, float | None], ...]
    #: kWh by local day (rows) and hour of the day (24 columns).
    heat: tuple[tuple[float | None, ...], ...]
    #: Mean kWh in each local hour of the day over the days that read it.
    hour_profile: tuple[float | None, ...]
    base_load_kw: float | None
    base_load_share: float | None
    peaks_15: tuple[Peak, ...]
    peaks_30: tuple[Peak, ...]
    load_factor: float | None
    power_factor_limit: float
    cross_check: CrossCheck | None
    cost: Cost | None
    co2_kg: float | None
    emission_factor: float | None
    emission_source: str
    previous_kwh: float | None
    year_before_kwh: float | None
    #: ISO 50006 indicator, for a site whose file configures one.
    performance: Performance | None = None

    @property
    def peak_kw(self) -> float | None:
        return self.peaks_15[0].kw if self.peaks_15 else None


def energy_figures(
    db: Database, config: SiteConfig, scope: str, *, from_ms: int, to_ms: int, zone: tzinfo
) -> EnergyFigures:
    """The analysis of ``scope`` (a site id or ``site/device``) over [from, to) on quarter-hours."""
    title, meters = meters_of(config, scope)
    site = next(s for s in config.file.sites if s.id == scope.split("/", maxsplit=1)[0])
    quarters = Quarters.of(from_ms, to_ms, zone)
    reads = [meter_quarters(db, m, from_ms, to_ms) for m in meters]
    kwh = np.vstack([r.kwh for r in reads])
    site_q = np.where(np.isnan(kwh).all(axis=0), np.nan, np.nansum(kwh, axis=0))
    whole = np.logical_and.reduce([r.whole for r in reads])
    total = None if np.isnan(site_q).all() else float(np.nansum(site_q))
    daily, heat, profile = _calendar(quarters, site_q)
    base_kw = _base_load(quarters, site_q, whole)
    peaks_15, peaks_30 = peaks(quarters, site_q, whole, 15), peaks(quarters, site_q, whole, 30)
    billed = peaks_30 if site.tariff is None or site.tariff.demand_interval_minutes == 30 else peaks_15
    hours = (to_ms - from_ms) / HOUR_MS
    covered_h = float(whole.sum()) / 4
    average_kw = float(np.nansum(site_q[whole])) / covered_h if covered_h else None
    emissions = site.emissions
    return EnergyFigures(
        scope=scope,
        title=title,
        zone=zone,
        from_ms=from_ms,
        to_ms=to_ms,
        meters=tuple(_meter_total(db, r, from_ms, to_ms, site.power_factor_limit) for r in reads),
        quarters=site_q,
        total_kwh=total,
        coverage=float(whole.mean()),
        daily=daily,
        heat=heat,
        hour_profile=profile,
        base_load_kw=base_kw,
        base_load_share=base_kw * hours / total if base_kw is not None and total else None,
        peaks_15=peaks_15,
        peaks_30=peaks_30,
        load_factor=average_kw / billed[0].kw if average_kw is not None and billed and billed[0].kw else None,
        power_factor_limit=site.power_factor_limit,
        cross_check=_cross_check(db, reads, from_ms, to_ms),
        cost=None if site.tariff is None else price(site.tariff, quarters, site_q, whole),
        co2_kg=None if emissions is None or total is None else total * emissions.factor,
        emission_factor=None if emissions is None else emissions.factor,
        emission_source="" if emissions is None else emissions.source,
        previous_kwh=counted_kwh(db, meters, 2 * from_ms - to_ms, from_ms),
        year_before_kwh=counted_kwh(db, meters, *year_before(from_ms, to_ms, zone)),
        performance=None if "/" in scope else performance(db, site, meters, (from_ms, to_ms), zone),
    )


Calendar = tuple[
    tuple[tuple[int, float | None], ...], tuple[tuple[float | None, ...], ...], tuple[float | None, ...]
]


def _calendar(quarters: Quarters, site_q: np.ndarray) -> Calendar:
    """Daily totals, the day × hour heat map and the mean hourly profile."""
    read = ~np.isnan(site_q)
    cells = np.zeros((quarters.days, 24))
    seen = np.zeros((quarters.days, 24), dtype=bool)
    np.add.at(cells, (quarters.day, quarters.hour), np.where(read, site_q, 0.0))
    np.logical_or.at(seen, (quarters.day, quarters.hour), read)
    heat = tuple(
        tuple(float(v) if s else None for v, s in zip(row, mask, strict=True))
        for row, mask in zip(cells, seen, strict=True)
    )
    daily = tuple(
        (quarters.day_bounds[d], float(cells[d].sum()) if seen[d].any() else None)
        for d in range(quarters.days)
    )
    profile = tuple(float(cells[seen[:, h], h].mean()) if seen[:, h].any() else None for h in range(24))
    return daily, heat, profile


def _base_load(quarters: Quarters, site_q: np.ndarray, whole: np.ndarray) -> float | None:
    """The median over nights of the night's lowest fully read hour, in kW."""
    lows = []
    for d in range(quarters.days):
        hours = []
        for h in NIGHT_HOURS:
            at = (quarters.day == d) & (quarters.hour == h)
            if at.sum() == 4 and whole[at].all():
                hours.append(float(site_q[at].sum()))
        if hours:
            lows.append(min(hours))
    return statistics.median(lows) if lows else None


def _meter_total(db: Database, read: MeterQuarters, from_ms: int, to_ms: int, limit: float) -> MeterTotal:
    kwh = None if np.isnan(read.kwh).all() else float(np.nansum(read.kwh))
    mean = minimum = None
    below = 0.0
    pf = (
        None if read.meter.power_factor is None else hourly_means(db, read.meter.power_factor, from_ms, to_ms)
    )
    if pf is not None and not np.isnan(pf.mean).all():
        magnitude = np.abs(pf.mean[~np.isnan(pf.mean)])
        mean, minimum, below = (
            float(magnitude.mean()),
            float(magnitude.min()),
            float((magnitude < limit).sum()),
        )
    return MeterTotal(read.meter, kwh, read.gaps, mean, minimum, below)


def _cross_check(db: Database, reads: list[MeterQuarters], from_ms: int, to_ms: int) -> CrossCheck | None:
    """Counted against integrated power, over the hours in which both read throughout."""
    hours = counted = integrated = 0.0
    for read in reads:
        power = None if read.meter.power is None else hourly_means(db, read.meter.power, from_ms, to_ms)
        if power is None or not len(power.mean):
            continue
        first = (power.start_ms - from_ms) // QUARTER_MS
        by_hour = read.kwh[first : first + 4 * len(power.mean)].reshape(-1, 4)
        whole = read.whole[first : first + 4 * len(power.mean)].reshape(-1, 4).all(axis=1)
        both = whole & ~np.isnan(power.mean)
        hours += float(both.sum())
        counted += float(by_hour[both].sum())
        integrated += float(power.mean[both].sum())
    return CrossCheck(hours, counted, integrated) if hours else None
