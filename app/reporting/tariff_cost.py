"""What a period's consumption costs under the site's tariff.

Each quarter-hour's energy is priced by the time-of-use band that covers its local
weekday and time; the demand charge applies to each calendar month's own peak and, like
the fixed charge, is prorated by the share of the month the period covers. Energy that
arrives after a silence is priced in the quarter-hour where it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.reporting.demand import peaks
from app.reporting.local_time import QUARTER_MS, Quarters, month_shares
from app.site.energy_settings import Tariff


@dataclass(frozen=True)
class BandCost:
    name: str
    price: float
    kwh: float
    cost: float


@dataclass(frozen=True)
class MonthDemand:
    start_ms: int
    share: float
    peak_kw: float | None
    cost: float


@dataclass(frozen=True)
class Cost:
    tariff: str
    currency: str
    bands: tuple[BandCost, ...]
    months: tuple[MonthDemand, ...]
    fixed: float

    @property
    def energy(self) -> float:
        return sum(b.cost for b in self.bands)

    @property
    def demand(self) -> float:
        return sum(m.cost for m in self.months)

    @property
    def total(self) -> float:
        return self.energy + self.demand + self.fixed


def price(tariff: Tariff, quarters: Quarters, kwh: np.ndarray, whole: np.ndarray) -> Cost:
    table = np.array(tariff.band_table(), dtype=np.int64)
    band = table[quarters.weekday * 96 + quarters.quarter_of_day]
    energy = np.where(np.isnan(kwh), 0.0, kwh)
    bands = []
    for index, spec in enumerate(tariff.bands):
        used = float(energy[band == index].sum())
        bands.append(BandCost(spec.name, spec.price, used, used * spec.price))
    months = []
    for lo_ms, hi_ms, share in month_shares(quarters.from_ms, quarters.to_ms, quarters.zone):
        lo, hi = (lo_ms - quarters.from_ms) // QUARTER_MS, (hi_ms - quarters.from_ms) // QUARTER_MS
        top = peaks(quarters, kwh, whole, tariff.demand_interval_minutes, lo=lo, hi=hi)
        peak = top[0].kw if top else None
        months.append(MonthDemand(lo_ms, share, peak, (peak or 0.0) * tariff.demand_charge * share))
    fixed = tariff.fixed_charge * sum(m.share for m in months)
    return Cost(tariff.name, tariff.currency, tuple(bands), tuple(months), fixed)
