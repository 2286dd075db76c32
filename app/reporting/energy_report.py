"""The energy consumption analysis as a document: its figures in words, tables and charts.

Every number comes from :class:`~app.reporting.energy_figures.EnergyFigures`; this module only
chooses how a reader meets it. Times are the site's local times (the zone is on the cover),
and what could not be measured is said, never shown as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.i18n import translate
from app.reporting.demand import Peak
from app.reporting.energy_figures import CROSS_CHECK_LIMIT, EnergyFigures
from reports.document import Bars, Block, Cell, Column, HeatMap, Labels, Report, Section, Series, Table, Text


def tr(text: str) -> str:
    return translate("EnergyReport", text)


@dataclass(frozen=True)
class Authorship:
    """Who asked for the report, when, and the audit trail's head when it was made."""

    generated_ms: int
    by: str
    audit_head: str
    language: str = "en"


def labels(language: str) -> Labels:
    marks = {"decimal_point": ",", "thousands": "."} if language == "vi" else {}
    return Labels(contents=tr("Contents"), page=tr("Page {page} of {pages}"), **marks)


def energy_document(figures: EnergyFigures, made: Authorship) -> Report:
    local = _local(figures)
    period = f"{local(figures.from_ms):%Y-%m-%d %H:%M} – {local(figures.to_ms):%Y-%m-%d %H:%M}"
    cover = (
        (tr("Scope"), figures.title),
        (tr("Meters"), ", ".join(m.meter.device for m in figures.meters)),
        (tr("Period"), period),
        (tr("Time zone"), str(figures.zone)),
        (tr("Generated"), f"{local(made.generated_ms):%Y-%m-%d %H:%M}"),
        (tr("By"), made.by),
        (tr("Audit trail head"), made.audit_head),
    )
    sections = [
        Section(tr("Summary"), _summary(figures)),
        Section(tr("Consumption"), _consumption(figures)),
        Section(tr("Peak demand"), _demand(figures)),
        Section(tr("Meters, power factor and data quality"), _meters(figures)),
    ]
    if figures.cost is not None:
        sections.insert(3, Section(tr("Cost"), _cost(figures)))
    return Report(
        title=tr("Energy consumption analysis"),
        subtitle=f"{figures.title} · {period}",
        cover=cover,
        sections=tuple(sections),
        labels=labels(made.language),
        language=made.language,
    )


def _local(figures: EnergyFigures) -> Callable[[int], datetime]:
    """UTC milliseconds to the site's local time, as a spreadsheet cell holds it (no zone)."""

    def at(ts_ms: int) -> datetime:
        return datetime.fromtimestamp(ts_ms / 1000, figures.zone).replace(tzinfo=None)

    return at


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or not before else (now - before) / before * 100


def _summary(f: EnergyFigures) -> tuple[Block, ...]:
    local = _local(f)
    peak = f.peaks_15[0] if f.peaks_15 else None
    rows: list[tuple[str, float | None, str, int]] = [
        (tr("Consumption"), f.total_kwh, "kWh", 1),
        (tr("Previous period"), f.previous_kwh, "kWh", 1),
        (tr("Change from the previous period"), _change(f.total_kwh, f.previous_kwh), "%", 1),
        (tr("Same period a year before"), f.year_before_kwh, "kWh", 1),
        (tr("Change from a year before"), _change(f.total_kwh, f.year_before_kwh), "%", 1),
        (tr("Peak demand (15 min)"), None if peak is None else peak.kw, "kW", 1),
        (tr("Peak demand (30 min)"), f.peaks_30[0].kw if f.peaks_30 else None, "kW", 1),
        (tr("Load factor"), None if f.load_factor is None else f.load_factor * 100, "%", 1),
        (tr("Base load (night minimum)"), f.base_load_kw, "kW", 1),
        (tr("Base load share"), None if f.base_load_share is None else f.base_load_share * 100, "%", 1),
        (tr("Data coverage"), f.coverage * 100, "%", 1),
    ]
    if f.cost is not None:
        rows.append((tr("Cost"), f.cost.total, f.cost.currency, 0))
    if f.co2_kg is not None:
        rows.append((tr("CO₂ emissions"), f.co2_kg, "kg", 1))
    table = Table(
        sheet="Summary",
        title=tr("Key figures"),
        columns=(Column(tr("Figure")), Column(tr("Value"), kind="number"), Column(tr("Unit"))),
        rows=tuple((name, value, unit) for name, value, unit, _ in rows),
        row_decimals=tuple(decimals for *_, decimals in rows),
    )
    blocks: list[Block] = []
    if f.total_kwh is None:
        blocks.append(Text(tr("No meter of this scope recorded a reading in the period."), "warning"))
    if peak is not None:
        blocks.append(
            Text(
                tr("The highest 15-minute demand, {kw} kW, began at {time}.").format(
                    kw=f"{peak.kw:.1f}", time=f"{local(peak.start_ms):%Y-%m-%d %H:%M}"
                )
            )
        )
    blocks += [table, *_cross_check(f)]
    if f.emission_factor is not None:
        blocks.append(
            Text(
                tr("CO₂ is counted at {factor} kg per kWh ({source}).").format(
                    factor=f.emission_factor, source=f.emission_source
                ),
                "note",
            )
        )
    return tuple(blocks)


def _cross_check(f: EnergyFigures) -> list[Block]:
    check = f.cross_check
    if check is None or check.difference is None:
        return [Text(tr("No active power was recorded to cross-check the counters."), "note")]
    text = tr(
        "Counters: {counted} kWh; active power integrated over the same {hours} hours: {integrated} kWh."
    ).format(counted=f"{check.counted_kwh:.1f}", integrated=f"{check.integrated_kwh:.1f}", hours=check.hours)
    if abs(check.difference) > CROSS_CHECK_LIMIT:
        warning = tr("The counters and the integrated power differ by {percent} %: check the meters.")
        return [Text(text), Text(warning.format(percent=f"{check.difference * 100:+.1f}"), "warning")]
    return [Text(text, "note")]


def _consumption(f: EnergyFigures) -> tuple[Block, ...]:
    local = _local(f)
    days = tuple(f"{local(start):%d-%m}" for start, _ in f.daily)
    daily = Table(
        sheet="Daily",
        title=tr("Consumption per day"),
        columns=(Column(tr("Day"), kind="date"), Column(tr("Energy"), "kWh", "number", 1)),
        rows=tuple((local(start), kwh) for start, kwh in f.daily),
    )
    hours = tuple(f"{h:02d}" for h in range(24))
    profile = Table(
        sheet="Hourly profile",
        title=tr("Mean consumption per hour of the day"),
        columns=(Column(tr("Hour")), Column(tr("Energy"), "kWh", "number", 2)),
        rows=tuple(zip(hours, f.hour_profile, strict=True)),
    )
    blocks: list[Block] = []
    if any(m.gaps for m in f.meters):
        blocks.append(
            Text(
                tr(
                    "A meter that was not read for a while counts the energy of the silence when reading "
                    "resumes: it appears in that hour (see the silences at the end of the report)."
                ),
                "note",
            )
        )
    return (
        *blocks,
        Bars(tr("Consumption per day"), days, (Series("kWh", tuple(kwh for _, kwh in f.daily)),), "kWh"),
        Bars(tr("Mean consumption per hour of the day"), hours, (Series("kWh", f.hour_profile),), "kWh"),
        HeatMap(tr("Consumption by hour and day"), days, hours, f.heat, "kWh"),
        daily,
        profile,
    )


def _peak_rows(peaks: tuple[Peak, ...], f: EnergyFigures) -> tuple[tuple[Cell, ...], ...]:
    local = _local(f)
    return tuple((rank, local(p.start_ms), p.kw) for rank, p in enumerate(peaks, start=1))


def _demand(f: EnergyFigures) -> tuple[Block, ...]:
    columns = (
        Column("#", kind="number"),
        Column(tr("Starting at"), kind="time"),
        Column(tr("Demand"), "kW", "number", 1),
    )
    none = tr("No interval was read throughout.")
    return (
        Text(
            tr(
                "Demand is the mean power over clock-aligned intervals. An interval that follows a "
                "silence of the meter carries the energy of the whole silence and is left out."
            ),
            "note",
        ),
        Table("Peaks 15 min", tr("Highest 15-minute demands"), columns, _peak_rows(f.peaks_15, f), none),
        Table("Peaks 30 min", tr("Highest 30-minute demands"), columns, _peak_rows(f.peaks_30, f), none),
    )


def _cost(f: EnergyFigures) -> tuple[Block, ...]:
    cost = f.cost
    assert cost is not None
    local = _local(f)
    money = cost.currency
    bands = Table(
        sheet="Cost by band",
        title=tr("Energy by time-of-use band"),
        columns=(
            Column(tr("Band")),
            Column(tr("Price"), f"{money}/kWh", "number", 2),
            Column(tr("Energy"), "kWh", "number", 1),
            Column(tr("Cost"), money, "number", 0),
        ),
        rows=tuple((b.name, b.price, b.kwh, b.cost) for b in cost.bands),
    )
    months = Table(
        sheet="Demand charges",
        title=tr("Demand charge per month"),
        columns=(
            Column(tr("Month")),
            Column(tr("Share of the month"), "%", "number", 1),
            Column(tr("Peak demand"), "kW", "number", 1),
            Column(tr("Charge"), money, "number", 0),
        ),
        rows=tuple((f"{local(m.start_ms):%Y-%m}", m.share * 100, m.peak_kw, m.cost) for m in cost.months),
    )
    total = Table(
        sheet="Cost",
        title=tr("Cost"),
        columns=(Column(tr("Part")), Column(tr("Cost"), money, "number", 0)),
        rows=(
            (tr("Energy"), cost.energy),
            (tr("Demand charge"), cost.demand),
            (tr("Fixed charge"), cost.fixed),
            (tr("Total"), cost.total),
        ),
    )
    named = tr("Tariff: {name}. Monthly charges are prorated by the share of each month in the period.")
    return (Text(named.format(name=cost.tariff)), total, bands, months)


def _meters(f: EnergyFigures) -> tuple[Block, ...]:
    local = _local(f)
    meters = Table(
        sheet="Meters",
        title=tr("Meters"),
        columns=(
            Column(tr("Device")),
            Column(tr("Energy"), "kWh", "number", 1),
            Column(tr("Mean power factor"), kind="number", decimals=3),
            Column(tr("Lowest power factor"), kind="number", decimals=3),
            Column(tr("Hours below {limit}").format(limit=f.power_factor_limit), "h", "number", 2),
        ),
        rows=tuple(
            (m.meter.device, m.kwh, m.power_factor_mean, m.power_factor_min, m.hours_below_limit)
            for m in f.meters
        ),
    )
    gaps = Table(
        sheet="Gaps",
        title=tr("Silences longer than five minutes"),
        columns=(
            Column(tr("Device")),
            Column(tr("From"), kind="time"),
            Column(tr("To"), kind="time"),
            Column(tr("Length"), "h", "number", 2),
        ),
        rows=tuple(
            (m.meter.device, local(lo), local(hi), (hi - lo) / 3_600_000)
            for m in f.meters
            for lo, hi in m.gaps
        ),
        empty=tr("Every meter read throughout the period."),
    )
    return (meters, gaps)
