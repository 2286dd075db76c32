"""The energy consumption analysis as a document: its figures in words, tables and charts.

Every number comes from :class:`~app.reporting.energy_figures.EnergyFigures`; this module only
chooses how a reader meets it. Times are the site's local times (the zone is on the cover),
and what could not be measured is said, never shown as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.i18n import translate
from app.reporting.demand import Peak
from app.reporting.energy_figures import CROSS_CHECK_LIMIT, EnergyFigures
from app.reporting.framing import Authorship, framed, key_figures, labels, local_cell, silences_table
from app.reporting.performance_report import performance_section
from reports.document import Bars, Block, Cell, Column, HeatMap, Labels, Report, Section, Series, Table, Text
from reports.numbers import number

#: Silences listed on the page; the workbook lists them all.
SILENCES_SHOWN = 30


def energy_document(figures: EnergyFigures, made: Authorship) -> Report:
    """The report in the current thread's language (``app.i18n.in_language``)."""
    marks = labels(made.language)
    sections = [
        Section(translate("EnergyReport", "Summary"), _summary(figures, marks)),
        Section(translate("EnergyReport", "Consumption"), _consumption(figures)),
        Section(translate("EnergyReport", "Peak demand"), _demand(figures)),
        Section(translate("EnergyReport", "Meters, power factor and data quality"), _meters(figures, marks)),
    ]
    if figures.cost is not None:
        sections.insert(3, Section(translate("EnergyReport", "Cost"), _cost(figures)))
    if figures.performance is not None:
        sections.insert(-1, performance_section(figures.performance, figures.zone, marks))
    meters = (translate("EnergyReport", "Meters"), ", ".join(m.meter.device for m in figures.meters))
    return framed(
        translate("EnergyReport", "Energy consumption analysis"),
        figures.title,
        (figures.from_ms, figures.to_ms, figures.zone),
        made,
        tuple(sections),
        details=(meters,),
    )


def _local(figures: EnergyFigures) -> Callable[[int], datetime]:
    """UTC milliseconds to the site's local time, as a spreadsheet cell holds it (no zone)."""

    def at(ts_ms: int) -> datetime:
        return local_cell(ts_ms, figures.zone)

    return at


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or not before else (now - before) / before * 100


def _summary(f: EnergyFigures, marks: Labels) -> tuple[Block, ...]:
    local = _local(f)
    peak = f.peaks_15[0] if f.peaks_15 else None
    rows: list[tuple[str, float | None, str, int]] = [
        (translate("EnergyReport", "Consumption"), f.total_kwh, "kWh", 1),
        (translate("EnergyReport", "Previous period"), f.previous_kwh, "kWh", 1),
        (
            translate("EnergyReport", "Change from the previous period"),
            _change(f.total_kwh, f.previous_kwh),
            "%",
            1,
        ),
        (translate("EnergyReport", "Same period a year before"), f.year_before_kwh, "kWh", 1),
        (
            translate("EnergyReport", "Change from a year before"),
            _change(f.total_kwh, f.year_before_kwh),
            "%",
            1,
        ),
        (translate("EnergyReport", "Peak demand (15 min)"), None if peak is None else peak.kw, "kW", 1),
        (
            translate("EnergyReport", "Peak demand (30 min)"),
            f.peaks_30[0].kw if f.peaks_30 else None,
            "kW",
            1,
        ),
        (
            translate("EnergyReport", "Load factor"),
            None if f.load_factor is None else f.load_factor * 100,
            "%",
            1,
        ),
        (translate("EnergyReport", "Base load (night minimum)"), f.base_load_kw, "kW", 1),
        (
            translate("EnergyReport", "Base load share"),
            None if f.base_load_share is None else f.base_load_share * 100,
            "%",
            1,
        ),
        (translate("EnergyReport", "Data coverage"), f.coverage * 100, "%", 1),
    ]
    if f.cost is not None:
        rows.append((translate("EnergyReport", "Cost"), f.cost.total, f.cost.currency, 0))
    if f.co2_kg is not None:
        rows.append((translate("EnergyReport", "CO₂ emissions"), f.co2_kg, "kg", 1))
    table = key_figures("Summary", translate("EnergyReport", "Key figures"), rows)
    blocks: list[Block] = []
    if f.total_kwh is None:
        blocks.append(
            Text(
                translate("EnergyReport", "No meter of this scope recorded a reading in the period."),
                "warning",
            )
        )
    if peak is not None:
        blocks.append(
            Text(
                translate("EnergyReport", "The highest 15-minute demand, {kw} kW, began at {time}.").format(
                    kw=number(peak.kw, 1, marks), time=f"{local(peak.start_ms):%Y-%m-%d %H:%M}"
                )
            )
        )
    blocks += [table, *_cross_check(f, marks)]
    if f.emission_factor is not None:
        blocks.append(
            Text(
                translate("EnergyReport", "CO₂ is counted at {factor} kg per kWh ({source}).").format(
                    factor=number(f.emission_factor, 4, marks), source=f.emission_source
                ),
                "note",
            )
        )
    return tuple(blocks)


def _cross_check(f: EnergyFigures, marks: Labels) -> list[Block]:
    check = f.cross_check
    if check is None or check.difference is None:
        return [
            Text(
                translate("EnergyReport", "No active power was recorded to cross-check the counters."), "note"
            )
        ]
    text = translate(
        "EnergyReport",
        "Counters: {counted} kWh; active power integrated over the same {hours} hours: {integrated} kWh.",
    ).format(
        counted=number(check.counted_kwh, 1, marks),
        integrated=number(check.integrated_kwh, 1, marks),
        hours=number(check.hours, 2, marks),
    )
    if abs(check.difference) > CROSS_CHECK_LIMIT:
        warning = translate(
            "EnergyReport", "The counters and the integrated power differ by {percent} %: check the meters."
        )
        return [
            Text(text),
            Text(
                warning.format(
                    percent=("+" if check.difference > 0 else "") + number(check.difference * 100, 1, marks)
                ),
                "warning",
            ),
        ]
    return [Text(text, "note")]


def _consumption(f: EnergyFigures) -> tuple[Block, ...]:
    local = _local(f)
    days = tuple(f"{local(start):%d-%m}" for start, _ in f.daily)
    daily = Table(
        sheet="Daily",
        title=translate("EnergyReport", "Consumption per day"),
        columns=(
            Column(translate("EnergyReport", "Day"), kind="date"),
            Column(translate("EnergyReport", "Energy"), "kWh", "number", 1),
        ),
        rows=tuple((local(start), kwh) for start, kwh in f.daily),
    )
    hours = tuple(f"{h:02d}" for h in range(24))
    profile = Table(
        sheet="Hourly profile",
        title=translate("EnergyReport", "Mean consumption per hour of the day"),
        columns=(
            Column(translate("EnergyReport", "Hour")),
            Column(translate("EnergyReport", "Energy"), "kWh", "number", 2),
        ),
        rows=tuple(zip(hours, f.hour_profile, strict=True)),
    )
    blocks: list[Block] = []
    if any(m.gaps for m in f.meters):
        blocks.append(
            Text(
                translate(
                    "EnergyReport",
                    "A meter that was not read for a while counts the energy of the silence when reading "
                    "resumes: it appears in that hour (see the silences at the end of the report).",
                ),
                "note",
            )
        )
    return (
        *blocks,
        Bars(
            translate("EnergyReport", "Consumption per day"),
            days,
            (Series("kWh", tuple(kwh for _, kwh in f.daily)),),
            "kWh",
        ),
        Bars(
            translate("EnergyReport", "Mean consumption per hour of the day"),
            hours,
            (Series("kWh", f.hour_profile),),
            "kWh",
        ),
        HeatMap(translate("EnergyReport", "Consumption by hour and day"), days, hours, f.heat, "kWh"),
        daily,
        profile,
    )


def _peak_rows(peaks: tuple[Peak, ...], f: EnergyFigures) -> tuple[tuple[Cell, ...], ...]:
    local = _local(f)
    return tuple((rank, local(p.start_ms), p.kw) for rank, p in enumerate(peaks, start=1))


def _demand(f: EnergyFigures) -> tuple[Block, ...]:
    columns = (
        Column("#", kind="number"),
        Column(translate("EnergyReport", "Starting at"), kind="time"),
        Column(translate("EnergyReport", "Demand"), "kW", "number", 1),
    )
    none = translate("EnergyReport", "No interval was read throughout.")
    return (
        Text(
            translate(
                "EnergyReport",
                "Demand is the mean power over clock-aligned intervals. An interval that follows a "
                "silence of the meter carries the energy of the whole silence and is left out.",
            ),
            "note",
        ),
        Table(
            "Peaks 15 min",
            translate("EnergyReport", "Highest 15-minute demands"),
            columns,
            _peak_rows(f.peaks_15, f),
            none,
        ),
        Table(
            "Peaks 30 min",
            translate("EnergyReport", "Highest 30-minute demands"),
            columns,
            _peak_rows(f.peaks_30, f),
            none,
        ),
    )


def _cost(f: EnergyFigures) -> tuple[Block, ...]:
    cost = f.cost
    assert cost is not None
    local = _local(f)
    money = cost.currency
    bands = Table(
        sheet="Cost by band",
        title=translate("EnergyReport", "Energy by time-of-use band"),
        columns=(
            Column(translate("EnergyReport", "Band")),
            Column(translate("EnergyReport", "Price"), f"{money}/kWh", "number", 2),
            Column(translate("EnergyReport", "Energy"), "kWh", "number", 1),
            Column(translate("EnergyReport", "Cost"), money, "number", 0),
        ),
        rows=tuple((b.name, b.price, b.kwh, b.cost) for b in cost.bands),
    )
    months = Table(
        sheet="Demand charges",
        title=translate("EnergyReport", "Demand charge per month"),
        columns=(
            Column(translate("EnergyReport", "Month")),
            Column(translate("EnergyReport", "Share of the month"), "%", "number", 1),
            Column(translate("EnergyReport", "Peak demand"), "kW", "number", 1),
            Column(translate("EnergyReport", "Charge"), money, "number", 0),
        ),
        rows=tuple((f"{local(m.start_ms):%Y-%m}", m.share * 100, m.peak_kw, m.cost) for m in cost.months),
    )
    total = Table(
        sheet="Cost",
        title=translate("EnergyReport", "Cost"),
        columns=(
            Column(translate("EnergyReport", "Part")),
            Column(translate("EnergyReport", "Cost"), money, "number", 0),
        ),
        rows=(
            (translate("EnergyReport", "Energy"), cost.energy),
            (translate("EnergyReport", "Demand charge"), cost.demand),
            (translate("EnergyReport", "Fixed charge"), cost.fixed),
            (translate("EnergyReport", "Total"), cost.total),
        ),
    )
    named = translate(
        "EnergyReport",
        "Tariff: {name}. Monthly charges are prorated by the share of each month in the period.",
    )
    return (Text(named.format(name=cost.tariff)), total, bands, months)


def _meters(f: EnergyFigures, marks: Labels) -> tuple[Block, ...]:
    meters = Table(
        sheet="Meters",
        title=translate("EnergyReport", "Meters"),
        columns=(
            Column(translate("EnergyReport", "Device")),
            Column(translate("EnergyReport", "Energy"), "kWh", "number", 1),
            Column(translate("EnergyReport", "Mean power factor"), kind="number", decimals=3),
            Column(translate("EnergyReport", "Lowest power factor"), kind="number", decimals=3),
            Column(
                translate("EnergyReport", "Hours below {limit}").format(
                    limit=number(f.power_factor_limit, 2, marks)
                ),
                "h",
                "number",
                2,
            ),
        ),
        rows=tuple(
            (m.meter.device, m.kwh, m.power_factor_mean, m.power_factor_min, m.hours_below_limit)
            for m in f.meters
        ),
    )
    gaps = silences_table(
        translate("EnergyReport", "Silences of the meters, longest first"),
        [(m.meter.device, lo, hi) for m in f.meters for lo, hi in m.gaps],
        f.zone,
        empty=translate("EnergyReport", "Every meter read throughout the period."),
        shown=SILENCES_SHOWN,
    )
    what = translate(
        "EnergyReport",
        "A silence is a time without readings longer than five minutes, or than three of the "
        "meter's usual intervals for a meter read less often.",
    )
    return (meters, gaps, Text(what, "note"))
