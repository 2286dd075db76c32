"""Ingest rate through bus → writer → committed rows, against raw sqlcipher3 on the same schema.

Prints one JSON object. Reference: ``executemany`` of the same rows into the same table of a
fresh encrypted database, 10,000 rows per transaction, measured in the same run. The writer
also keeps the rollups in the same transactions. It is measured twice: as configured (it
takes up to 50,000 rows per transaction when a backlog builds, as here where the producer
is far faster than the disk) and held to 10,000-row transactions like the reference.
Peak RSS is the process's peak; ``rss_before_pipeline_mb`` is what it held before the
pipeline started (the generated rows themselves), so the difference is the queue's.

Storage is reported twice, in bytes of database file per sample: as the writer leaves
fresh samples (one row each), and after sealing their completed hours into compressed
blocks, which the writer does to every hour once it is an hour behind (the steady state
of all but the newest two hours). Values are 32-bit float readings drifting with noise,
as meters deliver them, so that compression is not flattered by constant data.

    .venv/bin/python benchmarks/ingest.py [--samples N]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlcipher3

from app.pipeline.bus import SampleBus
from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.sealing import seal_completed_hours
from storage.writer import SampleWriter

POINTS = 500
BATCH = 500  # samples per device poll


def rows(count: int) -> list[Sample]:
    start = 1_700_000_000_000
    drift = np.random.default_rng(1).normal(0, 0.05, (-(-count // POINTS), POINTS)).cumsum(axis=0)
    values = np.float32(230.0 + drift).astype(np.float64).ravel().tolist()
    return [Sample(i % POINTS + 1, start + (i // POINTS) * 1000, values[i], 0) for i in range(count)]


def fresh_database(folder: Path, name: str) -> tuple[Path, Path]:
    db_path, key_path = folder / f"{name}.db", folder / f"{name}.key"
    db = open_database(db_path, key_path, create=True)
    db.ensure_points((f"site/device/q{i}", "") for i in range(POINTS))
    db.close()
    return db_path, key_path


def reference_rate(folder: Path, samples: list[Sample]) -> float:
    db_path, key_path = fresh_database(folder, "reference")
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{key_path.read_text().strip()}'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    started = time.perf_counter()
    for i in range(0, len(samples), 10_000):
        conn.executemany("INSERT INTO samples VALUES (?, ?, ?, ?)", samples[i : i + 10_000])
        conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return len(samples) / elapsed


def pipeline_rate(folder: Path, samples: list[Sample], name: str, max_rows: int) -> tuple[float, float]:
    db_path, key_path = fresh_database(folder, name)
    db = open_database(db_path, key_path)
    writer = SampleWriter(db, max_rows_per_transaction=max_rows)
    bus = SampleBus()
    bus.subscribe(writer.submit)
    batches = [SampleBatch("site/device", samples[i : i + BATCH]) for i in range(0, len(samples), BATCH)]
    writer.start()
    started = time.perf_counter()
    for batch in batches:
        bus.publish(batch)
    writer.stop(timeout=600)
    elapsed = time.perf_counter() - started
    assert writer.written == len(samples) and writer.dropped == 0
    db.close()
    return len(samples) / elapsed, db_path.stat().st_size / len(samples)


def sealed_size(db_path: Path, key_path: Path, samples: int) -> tuple[float, float]:
    """Bytes per sample once every completed hour is sealed, and the samples sealed per second."""
    db = open_database(db_path, key_path)
    started = time.perf_counter()
    packed = seal_completed_hours(db, time.time_ns() // 1_000_000)
    elapsed = time.perf_counter() - started
    db.close()
    return db_path.stat().st_size / samples, packed / elapsed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=1_000_000)
    args = parser.parse_args()
    samples = rows(args.samples)
    with tempfile.TemporaryDirectory() as folder:
        reference = reference_rate(Path(folder), samples)
        rss_before = peak_rss_mb()
        ours, bytes_per_sample = pipeline_rate(Path(folder), samples, "pipeline", 50_000)
        rss_peak = peak_rss_mb()
        sealed, seal_rate = sealed_size(
            Path(folder) / "pipeline.db", Path(folder) / "pipeline.key", len(samples)
        )
        fixed, _ = pipeline_rate(Path(folder), samples, "fixed", 10_000)
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "samples": args.samples,
                "reference": "sqlcipher3 executemany, 10,000-row transactions, same schema",
                "reference_rows_per_s": round(reference),
                "wattkeeper_rows_per_s": round(ours),
                "ratio": round(ours / reference, 3),
                "wattkeeper_10k_transactions_rows_per_s": round(fixed),
                "ratio_10k_transactions": round(fixed / reference, 3),
                "bytes_per_sample_on_disk_as_rows": round(bytes_per_sample, 1),
                "bytes_per_sample_on_disk_sealed": round(sealed, 1),
                "sealed_samples_per_s": round(seal_rate),
                "rss_before_pipeline_mb": round(rss_before),
                "peak_rss_mb": round(rss_peak),
            }
        )
    )


if __name__ == "__main__":
    main()
