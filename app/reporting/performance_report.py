"""The energy performance indicator as a section of the energy report.

The model, its fit and whether it may be trusted come first, in words; then expected and
actual consumption per interval. Savings are claimed only from a valid baseline.
"""

from __future__ import annotations

from datetime import tzinfo

from app.i18n import translate
from app.reporting.framing import key_figures, local_cell
from app.reporting.performance import MIN_INTERVALS, MIN_R2, Performance
from reports.document import Block, Column, Labels, Section, Table, Text
from reports.numbers import number


def _variable_name(p: Performance) -> str:
    names = {
        "production": translate("EnergyReport", "production"),
        "cooling_degree_days": translate("EnergyReport", "cooling degree days"),
        "heating_degree_days": translate("EnergyReport", "heating degree days"),
    }
    return names[p.settings.variable]


def performance_section(p: Performance, zone: tzinfo, marks: Labels) -> Section:
    interval = {
        "day": translate("EnergyReport", "day"),
        "week": translate("EnergyReport", "week"),
        "month": translate("EnergyReport", "month"),
    }[p.settings.interval]
    unit = p.settings.unit or ("°C·d" if p.settings.variable != "production" else "")
    base = p.baseline
    model = translate(
        "EnergyReport",
        "Relevant variable: {variable} ({point}) per {interval}. Baseline {first} to {last}: "
        "{count} complete intervals.",
    ).format(
        variable=_variable_name(p),
        point=p.settings.point,
        interval=interval,
        first=p.settings.baseline_from.isoformat(),
        last=p.settings.baseline_to.isoformat(),
        count=base.intervals,
    )
    blocks: list[Block] = [Text(model)]
    if base.slope is not None and base.intercept is not None:
        blocks.append(
            Text(
                translate("EnergyReport", "Model: kWh = {a} + {b} × {variable}.").format(
                    a=number(base.intercept, 1, marks),
                    b=number(base.slope, 3, marks),
                    variable=_variable_name(p),
                )
            )
        )
    if not base.valid:
        blocks.append(Text(_why_not_valid(p, marks), "warning"))
    key = key_figures(
        "Performance",
        translate("EnergyReport", "Energy performance"),
        [
            (translate("EnergyReport", "Expected consumption"), p.expected_kwh, "kWh", 1),
            (translate("EnergyReport", "Actual consumption"), p.actual_kwh, "kWh", 1),
            (translate("EnergyReport", "Savings"), p.savings_kwh, "kWh", 1),
            (translate("EnergyReport", "Savings share"), _share(p), "%", 1),
            ("R²", base.r2, "", 3),
            ("CV(RMSE)", None if base.cv_rmse is None else base.cv_rmse * 100, "%", 1),
            (translate("EnergyReport", "Baseline intervals"), base.intervals, "", 0),
        ],
    )
    per_interval = Table(
        sheet="Performance by interval",
        title=translate("EnergyReport", "Expected and actual consumption"),
        columns=(
            Column(translate("EnergyReport", "From"), kind="date"),
            Column(_variable_name(p).capitalize(), unit, "number", 2),
            Column(translate("EnergyReport", "Expected"), "kWh", "number", 1),
            Column(translate("EnergyReport", "Actual"), "kWh", "number", 1),
        ),
        rows=tuple(
            (local_cell(i.start_ms, zone), i.variable, i.expected_kwh, i.actual_kwh) for i in p.intervals
        ),
        empty=translate("EnergyReport", "The period holds no whole interval."),
    )
    return Section(translate("EnergyReport", "Energy performance (ISO 50006)"), (*blocks, key, per_interval))


def _share(p: Performance) -> float | None:
    if p.savings_kwh is None or not p.expected_kwh:
        return None
    return p.savings_kwh / p.expected_kwh * 100


def _why_not_valid(p: Performance, marks: Labels) -> str:
    base = p.baseline
    if base.intervals < MIN_INTERVALS:
        reason = translate(
            "EnergyReport", "only {count} baseline intervals have complete data; at least {least} are needed"
        ).format(count=base.intervals, least=MIN_INTERVALS)
    elif base.r2 is None:
        reason = translate("EnergyReport", "the relevant variable did not vary over the baseline")
    else:
        reason = translate("EnergyReport", "R² is {r2}, below {least}").format(
            r2=number(base.r2, 2, marks), least=number(MIN_R2, 1, marks)
        )
    return translate(
        "EnergyReport",
        "Baseline not valid: {reason}. Expected consumption is shown, but no savings are claimed.",
    ).format(reason=reason)
