"""Anomaly rule figures on the simulated plant: detection within 10 s and false alarms per day.

Prints one JSON object. Series come from the plant model at 1 Hz (vibration: 2 days, load:
3 days); injected anomalies alternate 20 s spikes and 10 min steps of ±size × the value.
Reference, in the same run: a fixed band rule with the clean series' 0.1 % and 99.9 %
quantiles as limits (what one would set from history), with the same delay.

    .venv/bin/python -m benchmarks.anomaly
"""

from __future__ import annotations

import json

import numpy as np

from app.site.alarm_rules import AlarmRule
from tests.app.anomaly_series import Figures, evaluate, inject, load_kw, plant_series, vibration

CASES = [
    # name, reading, days, anomaly rule, spacing s, sizes
    (
        "vibration",
        vibration,
        2,
        AlarmRule(point="p", kind="anomaly", sensitivity=4, deadband=1, delay_s=3),
        1800,
    ),
    (
        "load",
        load_kw,
        3,
        AlarmRule(point="p", kind="anomaly", seasonal=True, sensitivity=6, deadband=1, delay_s=5),
        3600,
    ),
]
SIZES = {"vibration": (0.3, 0.5), "load": (0.2, 0.3)}


def figures(found: Figures, clean: Figures) -> dict[str, object]:
    return {
        "injected": found.injected,
        "detected_within_10s": found.detected,
        "detection_rate": round(found.detection_rate, 3),
        "false_alarms_per_day_clean": round(clean.false_per_day, 2),
        "false_alarms_per_day_injected": round(found.false_per_day, 2),
    }


def main() -> None:
    results = []
    for name, reading, days, rule, every_s in CASES:
        clean = plant_series(reading, days, 1.0, seed=3)
        low, high = np.quantile(clean, [0.001, 0.999])
        fixed = AlarmRule(point="p", kind="band", low=float(low), high=float(high), delay_s=rule.delay_s)
        quiet = evaluate(rule, clean, 1.0, [])
        fixed_quiet = evaluate(fixed, clean, 1.0, [])
        for size in SIZES[name]:
            injected, where = inject(clean, 1.0, every_s=every_s, after_s=every_s, size=size, seed=1)
            results.append(
                {
                    "series": name,
                    "days": days,
                    "size": size,
                    "anomaly_rule": figures(evaluate(rule, injected, 1.0, where), quiet),
                    "reference_fixed_band": figures(evaluate(fixed, injected, 1.0, where), fixed_quiet),
                }
            )
    print(
        json.dumps(
            {"benchmark": "anomaly", "target": ">= 0.95 within 10 s, <= 1 false/day", "results": results}
        )
    )


if __name__ == "__main__":
    main()
