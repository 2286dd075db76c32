"""Which meters a report counts, and their readings per quarter-hour in common units.

A site's consumption is what its main meters count (``main_meters`` in the site file),
or, when none are named, every device with an import counter; a device report counts
that one device. Counters in Wh or MWh and power in W or MW are brought to kWh and kW
here, once, so no figure downstream cares about a meter's units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.reporting.local_time import QUARTER_MS
from app.site.config import SiteConfig
from storage.database import Database
from storage.errors import UnknownPointError
from storage.report_queries import Steps, counted, steps
from storage.rollups import HOUR

ENERGY = "energy_import"
POWER = "active_power"
POWER_FACTOR = "power_factor"
#: A quarter-hour whose first reading came longer than this after the one before carries a gap:
#: the counter's whole increase over the gap lands in it, so it cannot stand for demand. A meter
#: read less often than every 100 s is allowed three of its own intervals instead.
GAP_MS = 5 * 60_000
TO_KWH = {"wh": 0.001, "kwh": 1.0, "mwh": 1000.0, "gwh": 1_000_000.0}
TO_KW = {"w": 0.001, "kw": 1.0, "mw": 1000.0}


class ScopeError(ValueError):
    """The site or device asked for is not in the site file, or counts no energy."""


@dataclass(frozen=True)
class Meter:
    device: str
    name: str
    counter: str
    power: str | None
    power_factor: str | None


def meters_of(config: SiteConfig, scope: str) -> tuple[str, list[Meter]]:
    """The meters of ``scope`` (a site id or ``site/device``) and the scope's name."""
    by_device: dict[str, dict[str, str]] = {}
    names: dict[str, str] = {}
    for point in config.points:
        by_device.setdefault(point.device_path, {})[point.quantity] = point.path
        names[point.device_path] = point.device
    sites = {site.id: site for site in config.file.sites}
    if "/" in scope:
        if scope not in by_device:
            known = ", ".join(sorted(by_device)) or "none"
            raise ScopeError(f"no device {scope!r} in the site file (devices: {known})")
        devices = [scope]
        title = scope
    else:
        if scope not in sites:
            raise ScopeError(f"no site {scope!r} in the site file (sites: {', '.join(sorted(sites))})")
        site = sites[scope]
        named = [f"{scope}/{d}" for d in site.main_meters]
        devices = named or [d for d in by_device if d.startswith(f"{scope}/") and ENERGY in by_device[d]]
        title = site.name or site.id
    meters = []
    for device in devices:
        quantities = by_device[device]
        if ENERGY not in quantities:
            raise ScopeError(f"device {device!r} has no {ENERGY} counter to report on")
        power, factor = quantities.get(POWER), quantities.get(POWER_FACTOR)
        meters.append(Meter(device, names[device], quantities[ENERGY], power, factor))
    if not meters:
        raise ScopeError(f"site {scope!r} has no device with an {ENERGY} counter")
    return title, meters


@dataclass(frozen=True)
class MeterQuarters:
    """One meter's kWh per quarter-hour (NaN without a reading) and which quarters stand for demand."""

    meter: Meter
    kwh: np.ndarray
    #: Read in the quarter, with the reading before it at most ``silence_ms`` earlier.
    whole: np.ndarray
    #: (from, to) of each silence longer than ``silence_ms`` inside the period.
    gaps: tuple[tuple[int, int], ...]
    silence_ms: int


def meter_quarters(db: Database, meter: Meter, from_ms: int, to_ms: int) -> MeterQuarters:
    """The meter's counter folded into quarter-hours; one quarter before the period tells the first's gap."""
    count = (to_ms - from_ms) // QUARTER_MS
    try:
        read = steps(db, meter.counter, from_ms - QUARTER_MS, to_ms, QUARTER_MS)
    except UnknownPointError:
        empty = np.full(count, np.nan)
        return MeterQuarters(meter, empty, np.zeros(count, dtype=bool), ((from_ms, to_ms),), GAP_MS)
    factor = TO_KWH.get(read.unit.strip().lower(), 1.0)
    silence = silence_ms(read)
    previous_last = np.maximum.accumulate(read.last_ts)
    before = np.concatenate(([-1], previous_last[:-1]))
    whole = (read.n_good > 0) & (before >= 0) & (read.first_ts - before <= silence)
    gaps = _gaps(read, from_ms, to_ms, silence)
    return MeterQuarters(meter, read.delta[1:] * factor, whole[1:], gaps, silence)


def silence_ms(read: Steps) -> int:
    """How long a meter may go unread before it counts as a silence: ``GAP_MS``, or three of its
    usual intervals (from its median readings per quarter-hour) when it is read less often."""
    counts = read.n_good[read.n_good > 0]
    if not len(counts):
        return GAP_MS
    usual = read.step_ms / float(np.median(counts))
    return max(GAP_MS, round(3 * usual))


def _gaps(read: Steps, from_ms: int, to_ms: int, silence: int) -> tuple[tuple[int, int], ...]:
    good = read.n_good > 0
    firsts, lasts = read.first_ts[good].tolist(), read.last_ts[good].tolist()
    if not firsts:
        return ((from_ms, to_ms),)
    gaps = [(from_ms, firsts[0])] if firsts[0] > from_ms + silence else []
    for last, first in zip(lasts[:-1], firsts[1:], strict=True):
        if first - last > silence and first > from_ms:
            gaps.append((max(last, from_ms), first))
    if to_ms - lasts[-1] > silence:
        gaps.append((max(lasts[-1], from_ms), to_ms))
    return tuple(gaps)


@dataclass(frozen=True)
class Hours:
    """Hourly means of a point over the whole UTC hours inside a period (power in kW)."""

    start_ms: int
    mean: np.ndarray


def hourly_means(db: Database, path: str, from_ms: int, to_ms: int) -> Hours | None:
    """From the hourly rollups; NaN where nothing was read, None when never recorded."""
    lo, hi = -(-from_ms // HOUR.width_ms) * HOUR.width_ms, to_ms // HOUR.width_ms * HOUR.width_ms
    if hi <= lo:
        return Hours(lo, np.zeros(0))
    try:
        read = steps(db, path, lo, hi, HOUR.width_ms, resolution=HOUR)
    except UnknownPointError:
        return None
    return Hours(lo, read.mean * TO_KW.get(read.unit.strip().lower(), 1.0))


def counted_kwh(db: Database, meters: list[Meter], from_ms: int, to_ms: int) -> float | None:
    """What the meters counted together in [from, to); None when none of them read in it."""
    totals = []
    for meter in meters:
        try:
            value, unit = counted(db, meter.counter, from_ms, to_ms)
        except UnknownPointError:
            continue
        if value is not None:
            totals.append(value * TO_KWH.get(unit.strip().lower(), 1.0))
    return math.fsum(totals) if totals else None
