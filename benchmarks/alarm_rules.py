"""Alarm rule evaluation throughput: 1,000 points × 4 limit rules, against a bare numpy threshold check.

Prints one JSON object. The alarm service evaluates device batches of 100 samples (deadband,
1 s on-delay, ISA life cycle, journal queue), as it does on the driver thread. The reference
compares the same values, already in numpy arrays, with the same four limits and nothing else,
measured in the same run. Values wander around 230 V with excursions, so alarms come and go.

    .venv/bin/python -m benchmarks.alarm_rules [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from app.alarms.service import AlarmService
from benchmarks.alarm_site import POINTS_PER_DEVICE, site
from drivers.base import Sample, SampleBatch
from storage.alarm_journal import AlarmJournal
from storage.database import open_database

DEVICES = 10
LIMITS = np.array([250.0, 260.0, 210.0, 200.0])


def series(rounds: int, seed: int = 1) -> np.ndarray:
    """(rounds, points) values: noise around 230 V, and now and then a point far off for a while."""
    rng = np.random.default_rng(seed)
    values = 230.0 + rng.normal(0.0, 3.0, (rounds, DEVICES * POINTS_PER_DEVICE))
    for _ in range(rounds // 2):
        point, start = rng.integers(0, values.shape[1]), rng.integers(0, rounds)
        values[start : start + 20, point] += rng.choice((-35.0, 35.0))
    return values


def reference_rate(values: np.ndarray) -> float:
    """The bare check: the four comparisons per device batch, on arrays ready in memory."""
    batches = [
        row[d * POINTS_PER_DEVICE : (d + 1) * POINTS_PER_DEVICE] for row in values for d in range(DEVICES)
    ]
    started = time.perf_counter()
    hits = 0
    for batch in batches:
        hits += int(np.count_nonzero(batch[:, None] > LIMITS[:2])) + int(
            np.count_nonzero(batch[:, None] < LIMITS[2:])
        )
    elapsed = time.perf_counter() - started
    assert hits > 0
    return values.size / elapsed


def service_rate(values: np.ndarray, folder: Path) -> tuple[float, int]:
    config = site(DEVICES)
    db = open_database(folder / "bench.db", folder / "bench.key", create=True)
    ids = db.ensure_points((p.path, p.unit) for p in config.points)
    service = AlarmService(config, AlarmJournal(db), ids)
    service.start()
    point_ids = [ids[p.path] for p in config.points]
    start_ms = 1_700_000_000_000
    batches = [
        SampleBatch(
            f"bench/d{d}",
            [
                Sample(
                    point_ids[d * POINTS_PER_DEVICE + p],
                    start_ms + r * 1000,
                    float(row[d * POINTS_PER_DEVICE + p]),
                    0,
                )
                for p in range(POINTS_PER_DEVICE)
            ],
        )
        for r, row in enumerate(values)
        for d in range(DEVICES)
    ]
    started = time.perf_counter()
    for batch in batches:
        service.on_batch(batch)
    elapsed = time.perf_counter() - started
    while not service.settled():
        time.sleep(0.05)
    recorded = service.recorded
    service.stop()
    db.close()
    return values.size / elapsed, recorded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=600, help="polls of every device (1 s apart)")
    args = parser.parse_args()
    values = series(args.rounds)
    reference = reference_rate(values)
    with tempfile.TemporaryDirectory() as folder:
        ours, events = service_rate(values, Path(folder))
    print(
        json.dumps(
            {
                "benchmark": "alarm_rules",
                "points": DEVICES * POINTS_PER_DEVICE,
                "rules": DEVICES * POINTS_PER_DEVICE * 4,
                "samples": int(values.size),
                "batch_size": POINTS_PER_DEVICE,
                "journalled_events": events,
                "reference": "numpy: 4 threshold comparisons per 100-sample batch, arrays ready",
                "reference_samples_per_s": round(reference),
                "wattkeeper_samples_per_s": round(ours),
                "target_samples_per_s": 500_000,
                "ratio": round(ours / reference, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
