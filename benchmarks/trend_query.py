"""Trend queries over a year of one-second data of one point, against the 100 ms target.

Generates the year (≈31.5 M samples) through the writer's own transaction code (samples
and rollups) and seals every hour but the last two into compressed blocks, as the writer
does in operation; then times ``storage.queries.trend`` for a 2,000-bucket envelope of the
full year, a month, the first day (all sealed) and the last day (sealed blocks and the
newest rows). Prints one JSON object with the best and the first (cold) time of each,
the resolution each used, and the bytes on disk per raw sample.

    .venv/bin/python benchmarks/trend_query.py [--days 365] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

from drivers.base import Sample
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from storage.queries import trend
from storage.sealing import seal_completed_hours

START = 1_735_689_600_000  # 2025-01-01T00:00Z
DAY_MS = 86_400_000
CHUNK = 50_000


def volts(second: int) -> float:
    return 230.0 + 5.0 * math.sin(second * 7.27e-5) + (second * 7919 % 13) * 0.05


def generate(db: Database, days: int) -> int:
    """One point, one sample a second: a daily voltage curve with noise-like ripple."""
    point = db.ensure_points([("bench/feeder/voltage", "V")])["bench/feeder/voltage"]
    total = days * 86_400
    chunks = (
        [Sample(point, START + s * 1000, volts(s), 0) for s in range(first, min(first + CHUNK, total))]
        for first in range(0, total, CHUNK)
    )
    ingest_batches(db, chunks)
    return total


def timed(db: Database, start: int, end: int, runs: int = 5) -> dict[str, object]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        envelope = trend(db, "bench/feeder/voltage", start, end, max_points=2000)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "resolution": envelope.resolution,
        "buckets": len(envelope),
        "first_ms": round(times[0], 1),
        "best_ms": round(min(times), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--keep", type=Path, help="keep the generated database in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / "year.db"
        started = time.perf_counter()
        db = open_database(db_path, folder / "year.key", create=True)
        samples = generate(db, args.days)
        generated_s = time.perf_counter() - started
        end = START + args.days * DAY_MS
        started = time.perf_counter()
        seal_completed_hours(db, end - 2 * 3_600_000)
        sealed_s = time.perf_counter() - started
        db.close()
        db = open_database(db_path, folder / "year.key")  # a fresh connection pool, as a GUI would open it
        spans = {
            "year": (START, end),
            "month": (START, START + 30 * DAY_MS),
            "first_day": (START, START + DAY_MS),
            "last_day": (end - DAY_MS, end),
        }
        results = {name: timed(db, *span) for name, span in spans.items()}
        db.close()
        size = sum(p.stat().st_size for p in folder.glob("year.db*"))
    print(
        json.dumps(
            {
                "benchmark": "trend_query",
                "samples": samples,
                "target_ms": 100,
                "generate_s": round(generated_s, 1),
                "seal_s": round(sealed_s, 1),
                "bytes_per_sample_on_disk": round(size / samples, 2),
                **results,
            }
        )
    )


if __name__ == "__main__":
    main()
