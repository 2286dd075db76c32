"""The technical diagnostics report as a document: supply quality, vibration, communication, journal.

Every number comes from :class:`~app.reporting.diagnostics_figures.DiagnosticsFigures`. The
supply section says on its first line that it is indicative, and each limit it compares
against is named next to the figure, so a reader never mistakes it for a certified
power-quality measurement.
"""

from __future__ import annotations

from datetime import tzinfo

from app.i18n import translate
from app.reporting.diagnostics_figures import (
    FREQUENCY_NARROW,
    FREQUENCY_WIDE,
    THD_LIMIT,
    UNBALANCE_LIMIT,
    VOLTAGE_NARROW,
    VOLTAGE_WIDE_LOW,
    ZONES,
    DiagnosticsFigures,
    Spread,
    VibrationFigures,
)
from app.reporting.framing import Authorship, framed, local_cell, silences_table
from reports.document import Bars, Block, Column, Report, Section, Series, Table, Text

#: Rows of the long tables shown on the page; the workbook holds them all.
JOURNAL_SHOWN, GAPS_SHOWN = 60, 30


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


def diagnostics_document(figures: DiagnosticsFigures, zone: tzinfo, made: Authorship) -> Report:
    """The report in the current thread's language (``app.i18n.in_language``)."""
    return framed(
        translate("DiagnosticsReport", "Technical diagnostics"),
        figures.title,
        (figures.from_ms, figures.to_ms, zone),
        made,
        (
            Section(translate("DiagnosticsReport", "Supply quality (indicative)"), _supply(figures)),
            Section(translate("DiagnosticsReport", "Vibration"), _vibration(figures, zone)),
            Section(translate("DiagnosticsReport", "Communication"), _communication(figures)),
            Section(translate("DiagnosticsReport", "Data gaps"), _gaps(figures, zone)),
            Section(translate("DiagnosticsReport", "Alarm journal"), _journal(figures, zone)),
        ),
    )


def _supply(f: DiagnosticsFigures) -> tuple[Block, ...]:
    what = Text(
        translate(
            "DiagnosticsReport",
            "Indicative figures in the manner of EN 50160, computed from the meters' own readings: not a "
            "measurement by an IEC 61000-4-30 class A instrument. Nominal {voltage:g} V and "
            "{frequency:g} Hz. EN 50160 asks, over a week, for 95 % of the 10-minute means of each "
            "phase voltage within ±{narrow:g} % of the nominal and all of them within +{narrow:g} % / "
            "−{wide:g} %; for 99.5 % of the 10-second means of the frequency within ±1 % and all of "
            "them within +4 % / −6 %.",
        ).format(
            voltage=f.nominal_voltage,
            frequency=f.nominal_frequency,
            narrow=VOLTAGE_NARROW * 100,
            wide=VOLTAGE_WIDE_LOW * 100,
        ),
        "note",
    )
    if not (f.voltages or f.frequencies or f.power_factors):
        return (what, Text(translate("DiagnosticsReport", "No meter in this scope reports its supply.")))
    device = Column(translate("DiagnosticsReport", "Device"))
    share_10 = translate("DiagnosticsReport", "Within ±{narrow:g} %").format(narrow=VOLTAGE_NARROW * 100)
    share_wide = translate("DiagnosticsReport", "Within +{narrow:g} % / −{wide:g} %").format(
        narrow=VOLTAGE_NARROW * 100, wide=VOLTAGE_WIDE_LOW * 100
    )
    voltages = Table(
        sheet="Voltage",
        title=translate("DiagnosticsReport", "Voltage, 10-minute means"),
        columns=(
            device,
            Column(translate("DiagnosticsReport", "Phase")),
            Column(translate("DiagnosticsReport", "Intervals"), kind="number"),
            Column(translate("DiagnosticsReport", "Lowest"), "V", "number", 1),
            Column(translate("DiagnosticsReport", "Highest"), "V", "number", 1),
            Column(share_10, "%", "number", 1),
            Column(share_wide, "%", "number", 1),
        ),
        rows=tuple(
            (
                v.device,
                v.quantity,
                v.intervals,
                v.lowest,
                v.highest,
                _percent(v.within_narrow),
                _percent(v.within_wide),
            )
            for v in f.voltages
        ),
        empty=translate("DiagnosticsReport", "No meter in this scope reports its voltage."),
    )
    narrow_f = translate("DiagnosticsReport", "Within ±{band:g} %").format(band=FREQUENCY_NARROW[1] * 100)
    wide_f = translate("DiagnosticsReport", "Within +{high:g} % / −{low:g} %").format(
        high=FREQUENCY_WIDE[1] * 100, low=-FREQUENCY_WIDE[0] * 100
    )
    frequencies = Table(
        sheet="Frequency",
        title=translate("DiagnosticsReport", "Frequency, 10-second means"),
        columns=(
            device,
            Column(translate("DiagnosticsReport", "Windows"), kind="number"),
            Column(translate("DiagnosticsReport", "Lowest reading"), "Hz", "number", 3),
            Column(translate("DiagnosticsReport", "Highest reading"), "Hz", "number", 3),
            Column(narrow_f, "%", "number", 2),
            Column(wide_f, "%", "number", 2),
        ),
        rows=tuple(
            (q.device, q.windows, q.lowest, q.highest, _percent(q.within_narrow), _percent(q.within_wide))
            for q in f.frequencies
        ),
        empty=translate("DiagnosticsReport", "No meter in this scope reports the frequency."),
    )
    return (what, voltages, _verdicts(f), frequencies, *_spreads(f), _power_factors(f))


def _verdicts(f: DiagnosticsFigures) -> Text:
    """Which phases fall short of EN 50160's voltage limits, in one sentence."""
    short = [
        f"{v.device} {v.quantity}"
        for v in f.voltages
        if v.within_narrow is not None
        and v.within_wide is not None
        and (v.within_narrow < 0.95 or v.within_wide < 1.0)
    ]
    if short:
        return Text(
            translate("DiagnosticsReport", "Outside EN 50160's voltage limits: {phases}.").format(
                phases=", ".join(short)
            ),
            "warning",
        )
    return Text(
        translate("DiagnosticsReport", "Every phase read kept within EN 50160's voltage limits."), "note"
    )


def _spreads(f: DiagnosticsFigures) -> tuple[Block, ...]:
    names = {
        "voltage": translate("DiagnosticsReport", "Voltage"),
        "current": translate("DiagnosticsReport", "Current"),
    }
    unbalance = _spread_table(
        ("Unbalance", translate("DiagnosticsReport", "Unbalance, 10-minute means")),
        [(u, names[u.quantity]) for u in f.unbalance],
        UNBALANCE_LIMIT,
        translate("DiagnosticsReport", "No three-phase meter in this scope."),
    )
    unbalance_note = Text(
        translate(
            "DiagnosticsReport",
            "Unbalance is the largest deviation of a phase from the mean of the three, in % of that "
            "mean; the limit of {limit:g} % applies to the voltage.",
        ).format(limit=UNBALANCE_LIMIT),
        "note",
    )
    harmonics = _spread_table(
        ("Harmonics", translate("DiagnosticsReport", "Total harmonic distortion, 10-minute means")),
        [(h, h.quantity) for h in f.harmonics],
        THD_LIMIT,
        translate("DiagnosticsReport", "No meter in this scope reports harmonic distortion."),
    )
    return (unbalance, unbalance_note, harmonics)


def _spread_table(
    sheet: tuple[str, str], spreads: list[tuple[Spread, str]], limit: float, empty: str
) -> Table:
    """10-minute percentages per device and quantity: 95th percentile, highest, share within ``limit``."""
    return Table(
        sheet=sheet[0],
        title=sheet[1],
        columns=(
            Column(translate("DiagnosticsReport", "Device")),
            Column(translate("DiagnosticsReport", "Quantity")),
            Column(translate("DiagnosticsReport", "Intervals"), kind="number"),
            Column(translate("DiagnosticsReport", "95th percentile"), "%", "number", 2),
            Column(translate("DiagnosticsReport", "Highest"), "%", "number", 2),
            Column(
                translate("DiagnosticsReport", "Within {limit:g} %").format(limit=limit), "%", "number", 1
            ),
        ),
        rows=tuple(
            (s.device, name, s.intervals, s.p95, s.highest, _percent(s.within_limit)) for s, name in spreads
        ),
        empty=empty,
    )


def _power_factors(f: DiagnosticsFigures) -> Table:
    return Table(
        sheet="Power factor",
        title=translate("DiagnosticsReport", "Power factor, 10-minute means"),
        columns=(
            Column(translate("DiagnosticsReport", "Device")),
            Column(translate("DiagnosticsReport", "Intervals"), kind="number"),
            Column(translate("DiagnosticsReport", "Mean"), kind="number", decimals=3),
            Column(translate("DiagnosticsReport", "Lowest"), kind="number", decimals=3),
            Column(
                translate("DiagnosticsReport", "Below {limit:g}").format(limit=f.power_factor_limit),
                "%",
                "number",
                1,
            ),
        ),
        rows=tuple(
            (p.device, p.intervals, p.mean, p.lowest, _percent(p.below_limit)) for p in f.power_factors
        ),
        empty=translate("DiagnosticsReport", "No meter in this scope reports its power factor."),
    )


def _vibration(f: DiagnosticsFigures, zone: tzinfo) -> tuple[Block, ...]:
    if not f.vibration:
        return (Text(translate("DiagnosticsReport", "No vibration is measured in this scope.")),)
    blocks: list[Block] = [
        Text(
            translate(
                "DiagnosticsReport",
                "ISO 10816/20816 zones: A newly commissioned, B unrestricted long-term operation, "
                "C restricted operation until action can be taken, D severe enough to cause damage.",
            ),
            "note",
        )
    ]
    for number, v in enumerate(f.vibration, start=1):
        blocks += _vibration_of(v, number, zone)
    return tuple(blocks)


def _vibration_of(v: VibrationFigures, number: int, zone: tzinfo) -> list[Block]:
    if v.limits is None:
        limits = Text(
            translate("DiagnosticsReport", "{point}: no zone limits in the site file.").format(point=v.path),
            "warning",
        )
    else:
        ab, bc, cd = v.limits.zones
        limits = Text(
            translate(
                "DiagnosticsReport", "{point}, {machine}: zone boundaries {ab:g}, {bc:g} and {cd:g} {unit}."
            ).format(point=v.path, machine=v.limits.machine or "–", ab=ab, bc=bc, cd=cd, unit=v.unit),
        )
    days = tuple(f"{local_cell(start, zone):%d-%m}" for start, _, _ in v.daily)
    chart = Bars(
        translate("DiagnosticsReport", "Vibration per day: mean and highest reading"),
        days,
        (
            Series(translate("DiagnosticsReport", "Mean"), tuple(mean for _, mean, _ in v.daily)),
            Series(translate("DiagnosticsReport", "Highest"), tuple(top for _, _, top in v.daily)),
        ),
        v.unit,
    )
    summary = Table(
        sheet=f"Vibration {number}",
        title=translate("DiagnosticsReport", "Time in each zone"),
        columns=(
            Column(translate("DiagnosticsReport", "Point")),
            Column(translate("DiagnosticsReport", "Mean"), v.unit, "number", 2),
            Column(translate("DiagnosticsReport", "Highest"), v.unit, "number", 2),
            *(
                Column(translate("DiagnosticsReport", "Zone {zone}").format(zone=z), "%", "number", 1)
                for z in ZONES
            ),
        ),
        rows=(
            (
                v.path,
                v.mean,
                v.highest,
                *(_percent(s) for s in (v.zone_shares or (None,) * len(ZONES))),
            ),
        ),
    )
    events = Table(
        sheet=f"Vibration {number} events",
        title=translate("DiagnosticsReport", "Alarms raised on this point"),
        columns=(
            Column(translate("DiagnosticsReport", "Time"), kind="time"),
            Column(translate("DiagnosticsReport", "Alarm")),
            Column(translate("DiagnosticsReport", "Kind")),
            Column(translate("DiagnosticsReport", "Value"), v.unit, "number", 2),
            Column(translate("DiagnosticsReport", "Message")),
        ),
        rows=tuple((local_cell(e.ts_ms, zone), e.key, e.kind, e.value, e.message) for e in v.events),
        empty=translate("DiagnosticsReport", "No alarm was raised on this point in the period."),
    )
    return [limits, summary, chart, events]


def _communication(f: DiagnosticsFigures) -> tuple[Block, ...]:
    gateways: dict[str, list[int]] = {}
    for c in f.communication:
        totals = gateways.setdefault(c.gateway, [0, 0, 0, 0])
        for i, value in enumerate((c.good, c.bad, c.minutes_with_errors, c.silences)):
            totals[i] += value
    counts = (
        Column(translate("DiagnosticsReport", "Good readings"), kind="number"),
        Column(translate("DiagnosticsReport", "Failed or bad"), kind="number"),
        Column(translate("DiagnosticsReport", "Minutes with errors"), kind="number"),
        Column(translate("DiagnosticsReport", "Silences"), kind="number"),
    )
    by_gateway = Table(
        sheet="Gateways",
        title=translate("DiagnosticsReport", "Per gateway"),
        columns=(Column(translate("DiagnosticsReport", "Gateway")), *counts),
        rows=tuple((gateway, *totals) for gateway, totals in gateways.items()),
        empty=translate("DiagnosticsReport", "No device in this scope."),
    )
    by_device = Table(
        sheet="Devices",
        title=translate("DiagnosticsReport", "Per device"),
        columns=(
            Column(translate("DiagnosticsReport", "Device")),
            Column(translate("DiagnosticsReport", "Expected"), kind="number"),
            *counts,
            Column(translate("DiagnosticsReport", "Longest silence"), "h", "number", 2),
        ),
        rows=tuple(
            (
                c.device,
                c.expected,
                c.good,
                c.bad,
                c.minutes_with_errors,
                c.silences,
                c.longest_silence_ms / 3_600_000,
            )
            for c in f.communication
        ),
        empty=translate("DiagnosticsReport", "No device in this scope."),
    )
    note = Text(
        translate(
            "DiagnosticsReport",
            "Expected readings are the device's points over the period at its interval. A failed or bad "
            "reading is one that did not answer, answered an error, or gave a value out of range.",
        ),
        "note",
    )
    return (by_gateway, by_device, note)


def _gaps(f: DiagnosticsFigures, zone: tzinfo) -> tuple[Block, ...]:
    return (
        silences_table(
            translate("DiagnosticsReport", "Silences of the devices, longest first"),
            [(g.device, g.from_ms, g.to_ms) for g in f.gaps],
            zone,
            empty=translate("DiagnosticsReport", "Every device read throughout the period."),
            shown=GAPS_SHOWN,
        ),
        Text(
            translate(
                "DiagnosticsReport",
                "A silence is a time without a good reading longer than five minutes, or than three of the "
                "device's intervals for a device read less often.",
            ),
            "note",
        ),
    )


def _journal(f: DiagnosticsFigures, zone: tzinfo) -> tuple[Block, ...]:
    return (
        Table(
            sheet="Alarm journal",
            title=translate("DiagnosticsReport", "Alarm journal of the period"),
            columns=(
                Column(translate("DiagnosticsReport", "Time"), kind="time"),
                Column(translate("DiagnosticsReport", "Alarm")),
                Column(translate("DiagnosticsReport", "Priority")),
                Column(translate("DiagnosticsReport", "Event")),
                Column(translate("DiagnosticsReport", "State after")),
                Column(translate("DiagnosticsReport", "Value"), kind="number", decimals=2),
            ),
            rows=tuple(
                (local_cell(e.ts_ms, zone), e.key, e.priority, e.event, e.state_after, e.value)
                for e in f.journal
            ),
            empty=translate("DiagnosticsReport", "No alarm event in the period."),
            shown=JOURNAL_SHOWN,
        ),
    )
