"""The figures of a technical diagnostics report: supply quality, vibration, communication, gaps.

Supply quality is *indicative*, in the manner of EN 50160, from the meters' own readings
(not an IEC 61000-4-30 class A instrument): 10-minute means of each phase voltage against
the nominal, 10-second means of the frequency, voltage and current unbalance, power factor
and harmonic distortion where a meter reports it. 10-minute means come straight from the
minute rollups. A 10-second mean lies between the lowest and highest reading of its
minute, so a minute whose readings all lie inside (or all outside) a band settles its
windows without reading a sample; only minutes that straddle a band's edge are read raw.

Vibration is compared with the ISO 10816/20816 zone limits the site file gives per
machine; communication is counted per device and gateway from the readings' qualities;
the silences of each device and the alarm journal of the period close the report.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from app.reporting.local_time import HOUR_MS
from app.reporting.scope import Scope, scope_of
from app.site.config import PointInfo, Site, SiteConfig
from app.site.diagnostics_settings import VibrationLimits
from storage.database import Database
from storage.errors import UnknownPointError
from storage.queries import sample_columns
from storage.report_queries import (
    AlarmEvent,
    alarm_history,
    band_minutes,
    minutes_with_bad,
    point_counts,
    silences,
    step_means,
    steps,
)

TEN_MIN_MS = 600_000
MINUTE_MS = 60_000
TEN_S_MS = 10_000
DAY_MS = 86_400_000
#: EN 50160 low voltage: 95 % of a week's 10-minute means within ±10 %, all within +10 % / −15 %.
VOLTAGE_NARROW, VOLTAGE_WIDE_LOW = 0.10, 0.15
#: Frequency of an interconnected system: 99.5 % of a year within ±1 %, all within +4 % / −6 %.
FREQUENCY_NARROW, FREQUENCY_WIDE = (-0.01, 0.01), (-0.06, 0.04)
#: 95 % of 10-minute means: voltage unbalance up to 2 %, voltage THD up to 8 %.
UNBALANCE_LIMIT, THD_LIMIT = 2.0, 8.0
PHASES = ("l1", "l2", "l3")
#: A device unread for longer than this (or three of its intervals, if longer) has a gap.
SILENCE_MS = 5 * 60_000
ZONES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class VoltageQuality:
    device: str
    quantity: str
    intervals: int
    lowest: float | None
    highest: float | None
    #: Shares of the 10-minute means within ±10 % and within +10 % / −15 % of the nominal.
    within_narrow: float | None
    within_wide: float | None


@dataclass(frozen=True)
class FrequencyQuality:
    device: str
    windows: int
    lowest: float | None
    highest: float | None
    within_narrow: float | None
    within_wide: float | None
    #: Minutes whose samples were read to settle windows near a band's edge.
    minutes_read: int


@dataclass(frozen=True)
class Spread:
    """A 10-minute series of percentages (unbalance, THD, power factor ×100) summed up."""

    device: str
    quantity: str
    intervals: int
    p95: float | None
    highest: float | None
    #: Share of the 10-minute means within the quantity's limit; None when it has none.
    within_limit: float | None


@dataclass(frozen=True)
class PowerFactorQuality:
    device: str
    intervals: int
    mean: float | None
    lowest: float | None
    below_limit: float | None


@dataclass(frozen=True)
class VibrationFigures:
    path: str
    unit: str
    limits: VibrationLimits | None
    #: Per local day: start (UTC ms), mean and highest reading; None where nothing was read.
    daily: tuple[tuple[int, float | None, float | None], ...]
    mean: float | None
    highest: float | None
    #: Share of the read minutes whose mean lies in zone A, B, C and D (empty without limits).
    zone_shares: tuple[float, ...]
    #: Activations in the period of the alarms on this point (limit, anomaly and others).
    events: tuple[AlarmEvent, ...]


@dataclass(frozen=True)
class Communication:
    gateway: str
    device: str
    expected: int | None
    good: int
    bad: int
    minutes_with_errors: int
    silences: int
    longest_silence_ms: int


@dataclass(frozen=True)
class Gap:
    device: str
    from_ms: int
    to_ms: int


@dataclass(frozen=True)
class DiagnosticsFigures:
    scope: str
    title: str
    from_ms: int
    to_ms: int
    nominal_voltage: float
    nominal_frequency: float
    power_factor_limit: float
    voltages: tuple[VoltageQuality, ...]
    frequencies: tuple[FrequencyQuality, ...]
    unbalance: tuple[Spread, ...]
    harmonics: tuple[Spread, ...]
    power_factors: tuple[PowerFactorQuality, ...]
    vibration: tuple[VibrationFigures, ...]
    communication: tuple[Communication, ...]
    gaps: tuple[Gap, ...]
    journal: tuple[AlarmEvent, ...]


def diagnostics_figures(
    db: Database, config: SiteConfig, scope: str, *, from_ms: int, to_ms: int, day_bounds: tuple[int, ...]
) -> DiagnosticsFigures:
    """The diagnostics of ``scope`` over [from, to); ``day_bounds`` are the site's local midnights."""
    covered = scope_of(config, scope)
    supply = covered.site.supply
    span = (-(-from_ms // TEN_MIN_MS) * TEN_MIN_MS, to_ms // TEN_MIN_MS * TEN_MIN_MS)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # SQLite reads outside the GIL
        per_device = list(
            pool.map(lambda d: _supply_of(db, d[0], d[1], span, covered.site), covered.devices.items())
        )
    voltages = [v for found in per_device for v in found.voltages]
    frequencies = [f for found in per_device for f in found.frequencies]
    unbalance = [u for found in per_device for u in found.unbalance]
    harmonics = [h for found in per_device for h in found.harmonics]
    factors = [p for found in per_device for p in found.power_factors]
    history = alarm_history(db, {p.path for p in covered.points}, to_ms)
    in_period = tuple(e for e in history if from_ms <= e.ts_ms < to_ms)
    communication, gaps = _communication(db, covered, from_ms, to_ms)
    return DiagnosticsFigures(
        scope=scope,
        title=covered.title,
        from_ms=from_ms,
        to_ms=to_ms,
        nominal_voltage=supply.nominal_voltage,
        nominal_frequency=float(supply.nominal_frequency),
        power_factor_limit=covered.site.power_factor_limit,
        voltages=tuple(voltages),
        frequencies=tuple(frequencies),
        unbalance=tuple(unbalance),
        harmonics=tuple(harmonics),
        power_factors=tuple(factors),
        vibration=_vibration(db, covered, (from_ms, to_ms), day_bounds, in_period),
        communication=communication,
        gaps=gaps,
        journal=tuple(sorted(in_period, key=lambda e: (e.ts_ms, e.key))),
    )


@dataclass(frozen=True)
class _Supply:
    voltages: list[VoltageQuality]
    frequencies: list[FrequencyQuality]
    unbalance: list[Spread]
    harmonics: list[Spread]
    power_factors: list[PowerFactorQuality]


def _supply_of(
    db: Database, device: str, points: list[PointInfo], span: tuple[int, int], site: Site
) -> _Supply:
    """One device's supply figures over ``span``, whole 10-minute intervals."""
    lo, hi = span
    found = _Supply([], [], [], [], [])
    paths = {p.quantity: p.path for p in points}
    wanted = [paths[q] for q in paths if q in SUPPLY]
    by_path = step_means(db, wanted, lo, hi, TEN_MIN_MS) if wanted and hi > lo else {}
    means = {q: by_path[p] for q, p in paths.items() if p in by_path}
    for quantity in [q for q in ("voltage", *(f"voltage_{p}" for p in PHASES)) if q in means]:
        found.voltages.append(_voltage(device, quantity, means[quantity], site.supply.nominal_voltage))
    if "frequency" in paths and hi > lo:
        frequency = _frequency(db, device, paths["frequency"], span, site.supply.nominal_frequency)
        if frequency is not None:
            found.frequencies.append(frequency)
    for kind in ("voltage", "current"):
        phases = [means.get(f"{kind}_{p}") for p in PHASES]
        if all(m is not None for m in phases):
            limit = UNBALANCE_LIMIT if kind == "voltage" else None
            found.unbalance.append(_spread(device, kind, _unbalance(phases), limit))  # type: ignore[arg-type]
    for quantity in sorted(q for q in means if "_thd" in q):
        limit = THD_LIMIT if quantity.startswith("voltage") else None
        found.harmonics.append(_spread(device, quantity, means[quantity], limit))
    if "power_factor" in means:
        found.power_factors.append(_power_factor(device, means["power_factor"], site.power_factor_limit))
    return found


#: The quantities whose 10-minute means the supply figures use.
SUPPLY = frozenset(
    {"voltage", "power_factor"}
    | {f"{kind}_{phase}" for kind in ("voltage", "current", "voltage_thd", "current_thd") for phase in PHASES}
)


def _share(flags: np.ndarray, read: np.ndarray) -> float | None:
    return float(flags[read].mean()) if read.any() else None


def _voltage(device: str, quantity: str, means: np.ndarray, nominal: float) -> VoltageQuality:
    read = ~np.isnan(means)
    deviation = (means - nominal) / nominal
    narrow = np.abs(deviation) <= VOLTAGE_NARROW
    wide = (deviation <= VOLTAGE_NARROW) & (deviation >= -VOLTAGE_WIDE_LOW)
    return VoltageQuality(
        device,
        quantity,
        int(read.sum()),
        float(np.nanmin(means)) if read.any() else None,
        float(np.nanmax(means)) if read.any() else None,
        _share(narrow, read),
        _share(wide, read),
    )


def _unbalance(phases: list[np.ndarray]) -> np.ndarray:
    """Per 10 minutes, the largest deviation of a phase from the three's mean, in % of that mean.

    Without phase angles the negative-sequence ratio of EN 50160 cannot be computed; this
    (the NEMA definition) is its usual stand-in and agrees with it closely for small unbalance.
    """
    stacked = np.vstack(phases)
    mean = stacked.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.abs(stacked - mean).max(axis=0) / mean * 100
    return np.where(mean > 0, spread, np.nan)


def _spread(device: str, quantity: str, values: np.ndarray, limit: float | None) -> Spread:
    read = ~np.isnan(values)
    if not read.any():
        return Spread(device, quantity, 0, None, None, None)
    return Spread(
        device,
        quantity,
        int(read.sum()),
        float(np.percentile(values[read], 95)),
        float(values[read].max()),
        None if limit is None else _share(values <= limit, read),
    )


def _power_factor(device: str, means: np.ndarray, limit: float) -> PowerFactorQuality:
    read = ~np.isnan(means)
    magnitude = np.abs(means)
    if not read.any():
        return PowerFactorQuality(device, 0, None, None, None)
    return PowerFactorQuality(
        device,
        int(read.sum()),
        float(magnitude[read].mean()),
        float(magnitude[read].min()),
        _share(magnitude < limit, read),
    )


def _frequency(
    db: Database, device: str, path: str, span: tuple[int, int], nominal: float
) -> FrequencyQuality | None:
    """The 10-second means of the frequency against the narrow and wide bands."""
    bands = [(nominal * (1 + low), nominal * (1 + high)) for low, high in (FREQUENCY_NARROW, FREQUENCY_WIDE)]
    minutes = band_minutes(db, path, span, bands, MINUTE_MS // TEN_S_MS)
    if minutes is None:
        return None
    extra_windows, extra_inside = _read_unsettled(db, path, minutes.unsettled, bands)
    total = minutes.windows + extra_windows
    inside = [a + b for a, b in zip(minutes.inside, extra_inside, strict=True)]
    return FrequencyQuality(
        device,
        total,
        minutes.lowest,
        minutes.highest,
        inside[0] / total if total else None,
        inside[1] / total if total else None,
        len(minutes.unsettled),
    )


def _read_unsettled(
    db: Database, path: str, unsettled: tuple[int, ...], bands: list[tuple[float, float]]
) -> tuple[int, list[int]]:
    """The 10-second means of the unsettled minutes, from their samples, hour by hour."""
    starts = np.array(unsettled, dtype=np.int64)
    windows, inside = 0, [0] * len(bands)
    for hour in np.unique(starts // HOUR_MS * HOUR_MS).tolist():
        columns = sample_columns(db, path, hour, hour + HOUR_MS)
        good = (columns.quality == 0) & ~np.isnan(columns.value)
        ts, values = columns.ts[good], columns.value[good]
        wanted = np.isin(ts // MINUTE_MS * MINUTE_MS, starts)
        ts, values = ts[wanted], values[wanted]
        if not len(ts):
            continue
        keys, index = np.unique(ts // TEN_S_MS, return_inverse=True)
        means = np.bincount(index, values) / np.bincount(index)
        windows += len(keys)
        for b, (low, high) in enumerate(bands):
            inside[b] += int(((means >= low) & (means <= high)).sum())
    return windows, inside


def _vibration(
    db: Database,
    covered: Scope,
    period: tuple[int, int],
    day_bounds: tuple[int, ...],
    events: tuple[AlarmEvent, ...],
) -> tuple[VibrationFigures, ...]:
    """Each point the site gives vibration limits for, and any other ``vibration*`` point in scope."""
    limits = {f"{covered.site.id}/{v.point}": v for v in covered.site.vibration}
    points = [p for p in covered.points if p.path in limits or p.quantity.startswith("vibration")]
    return tuple(
        _vibration_of(db, p, limits.get(p.path), period, day_bounds=day_bounds, events=events) for p in points
    )


def _vibration_of(
    db: Database,
    point: PointInfo,
    limits: VibrationLimits | None,
    period: tuple[int, int],
    *,
    day_bounds: tuple[int, ...],
    events: tuple[AlarmEvent, ...],
) -> VibrationFigures:
    from_ms, to_ms = period
    lo, hi = -(-from_ms // MINUTE_MS) * MINUTE_MS, to_ms // MINUTE_MS * MINUTE_MS
    try:
        minutes = steps(db, point.path, lo, hi, MINUTE_MS) if hi > lo else None
    except UnknownPointError:
        minutes = None
    daily: list[tuple[int, float | None, float | None]] = []
    mean = highest = None
    shares: tuple[float, ...] = ()
    if minutes is not None and (minutes.n_good > 0).any():
        read = minutes.n_good > 0
        days = len(day_bounds) - 1
        day = np.searchsorted(np.array(day_bounds, dtype=np.int64), minutes.starts()[read], "right") - 1
        n = np.bincount(day, minutes.n_good[read], minlength=days)
        total = np.bincount(day, minutes.v_sum[read], minlength=days)
        top = np.full(days, -np.inf)
        np.maximum.at(top, day, minutes.v_max[read])
        daily = [
            (day_bounds[d], float(total[d] / n[d]), float(top[d])) if n[d] else (day_bounds[d], None, None)
            for d in range(days)
        ]
        means = minutes.mean
        mean = float(minutes.v_sum[read].sum() / minutes.n_good[read].sum())
        highest = float(np.nanmax(minutes.v_max))
        if limits is not None:
            zone = np.searchsorted(np.array(limits.zones), means[read], side="right")
            shares = tuple(float(s) for s in np.bincount(zone, minlength=4) / read.sum())
    else:
        daily = [(day_lo, None, None) for day_lo in day_bounds[:-1]]
    activations = tuple(e for e in events if e.point == point.path and e.event == "activated")
    return VibrationFigures(point.path, point.unit, limits, tuple(daily), mean, highest, shares, activations)


def _communication(
    db: Database, covered: Scope, from_ms: int, to_ms: int
) -> tuple[tuple[Communication, ...], tuple[Gap, ...]]:
    counts = point_counts(db, [p.path for p in covered.points], from_ms, to_ms)

    def of(device: str, points: list[PointInfo]) -> tuple[Communication, list[Gap]]:
        interval = covered.intervals.get(device)
        good = sum(counts.get(p.path, (0, 0))[0] for p in points)
        bad = sum(counts.get(p.path, (0, 0))[1] for p in points)
        longer_than = max(SILENCE_MS, round(3 * interval * 1000)) if interval else SILENCE_MS
        interval_ms = round(interval * 1000) if interval else None
        found = silences(db, _most_read(points, counts), from_ms, to_ms, longer_than, interval_ms=interval_ms)
        row = Communication(
            gateway=covered.gateways[device],
            device=device,
            expected=round(len(points) * (to_ms - from_ms) / 1000 / interval) if interval else None,
            good=good,
            bad=bad,
            minutes_with_errors=minutes_with_bad(db, [p.path for p in points], from_ms, to_ms),
            silences=len(found),
            longest_silence_ms=max((b - a for a, b in found), default=0),
        )
        return row, [Gap(device, a, b) for a, b in found]

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # file order: grouped by gateway
        found = list(pool.map(lambda d: of(*d), covered.devices.items()))
    gaps = sorted((g for _, device_gaps in found for g in device_gaps), key=lambda g: (g.from_ms, g.device))
    return tuple(row for row, _ in found), tuple(gaps)


def _most_read(points: list[PointInfo], counts: dict[str, tuple[int, int]]) -> str:
    """The device's point with the most good readings: its silences are the device's."""
    return max(points, key=lambda p: counts.get(p.path, (0, 0))[0]).path
