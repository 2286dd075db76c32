"""Series from the simulated plant with known injected anomalies, and how well a rule finds them.

Shared by the anomaly tests and ``benchmarks/anomaly.py``, which prints the figures.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from app.alarms.conditions import ConditionEvaluator
from app.site.alarm_rules import AlarmRule
from drivers.base import Sample
from simulator.plant_model import PlantModel

START_S = 1_700_000_000.0
DAY_S = 86_400
DETECT_WITHIN_MS = 10_000


@dataclass(frozen=True)
class Injection:
    start: int  # sample index
    length: int  # samples; the step's length, or the spike's
    kind: str  # "spike" or "step"


@dataclass(frozen=True)
class Figures:
    injected: int
    detected: int
    false_alarms: int
    days: float

    @property
    def detection_rate(self) -> float:
        return self.detected / self.injected if self.injected else 1.0

    @property
    def false_per_day(self) -> float:
        return self.false_alarms / self.days


def plant_series(
    reading: Callable[[PlantModel], float], days: float, step_s: float, seed: int
) -> list[float]:
    """One quantity of the simulated plant, sampled every ``step_s`` from a fixed start."""
    model = PlantModel(seed=seed, start=START_S)
    values = []
    for i in range(int(days * DAY_S / step_s)):
        model.advance(START_S + i * step_s)
        values.append(reading(model))
    return values


def load_kw(model: PlantModel) -> float:
    return model.meter().active_kw


def vibration(model: PlantModel) -> float:
    return model.environment().vibration_mm_s


def inject(
    values: list[float], step_s: float, *, every_s: float, after_s: float, size: float, seed: int
) -> tuple[list[float], list[Injection]]:
    """Alternate spikes (20 s) and steps (10 min) of ``±size`` × the local value, every ``every_s``."""
    rng = random.Random(seed)
    out = list(values)
    injections = []
    index = int(after_s / step_s)
    while index < len(values) - int(900 / step_s):
        kind = "spike" if len(injections) % 2 == 0 else "step"
        length = int((20 if kind == "spike" else 600) / step_s)
        sign = rng.choice((-1.0, 1.0)) if kind == "step" else 1.0
        for i in range(index, index + length):
            out[i] = values[i] * (1.0 + sign * size)
        injections.append(Injection(index, length, kind))
        index += int(every_s / step_s)
    return out, injections


def evaluate(rule: AlarmRule, values: list[float], step_s: float, injections: list[Injection]) -> Figures:
    """Run the rule over the series, sample by sample, and score its activations."""
    evaluator = ConditionEvaluator([rule], {rule.point: 1}, {rule.point: step_s}, int(START_S * 1000))
    step_ms = round(step_s * 1000)
    start_ms = int(START_S * 1000)
    activations = []
    batch = 60  # a poller's batch of a minute, as the pipeline hands them over
    for first in range(0, len(values), batch):
        samples = [
            Sample(1, start_ms + i * step_ms, values[i], 0)
            for i in range(first, min(first + batch, len(values)))
        ]
        for change in evaluator.on_samples(samples):
            if change.active:
                activations.append(change.ts_ms)
    windows = [
        (start_ms + j.start * step_ms, start_ms + (j.start + j.length) * step_ms + 300_000)
        for j in injections
    ]
    detected = sum(
        any(begin <= t <= begin + DETECT_WITHIN_MS for t in activations) for begin, _end in windows
    )
    warm_ms = start_ms + round(rule.warmup_s * 1000)
    false = [t for t in activations if t >= warm_ms and not any(b <= t <= e for b, e in windows)]
    days = (len(values) * step_s - rule.warmup_s) / DAY_S
    return Figures(len(injections), detected, len(false), days)
