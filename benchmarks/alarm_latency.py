"""End-to-end alarm latency: a sample entering the bus → journalled → Qt signal on the GUI thread.

Prints one JSON object. A driver thread publishes 10,000 samples/s (1,000 points, 10 device
batches of 100 every 100 ms) into the real bus, with the storage writer recording every
sample and the alarm service evaluating every batch. Eight points cross their limit and come
back, staggered, each every 2.5 s, and the time from ``bus.publish`` of the batch that completes the
condition to the arrival of
the journalled event through ``widgets.alarm_signals.AlarmSignals`` on the Qt main thread
is measured. Reference, in the same run: one journal-sized insert committed to the same
kind of encrypted database (what a journalled alarm cannot be faster than).

    .venv/bin/python -m benchmarks.alarm_latency [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from app.alarms.service import AlarmService
from app.pipeline.bus import SampleBus
from app.pipeline.live_buffers import LiveBuffers
from benchmarks.alarm_site import POINTS_PER_DEVICE, site
from drivers.base import Sample, SampleBatch, now_ms
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow
from storage.database import open_database
from storage.writer import SampleWriter
from widgets.alarm_signals import AlarmSignals

DEVICES = 10
PERIOD_S = 0.1
#: Each of 8 points is high for 1.5 s (its rule has a 1 s on-delay), then normal for 1 s,
#: staggered: an activation and a return per point every 2.5 s.
TRIGGER_EVERY = 25
HIGH_PERIODS = 15
CROSSING_POINTS = 8


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def reference_commit_ms(folder: Path, count: int = 200) -> list[float]:
    db = open_database(folder / "ref.db", folder / "ref.key", create=True)
    journal = AlarmJournal(db)
    alarm_id = journal.register([AlarmDefinition("ref", "p", "high", "high", "")])["ref"].id
    times = []
    for i in range(count):
        row = EventRow(alarm_id, i, "activated", "normal", "unacknowledged", "system")
        started = time.perf_counter()
        journal.append([row])
        times.append((time.perf_counter() - started) * 1000)
    db.close()
    return times


def run(seconds: float, folder: Path) -> tuple[list[float], int, int]:
    config = site(DEVICES, PERIOD_S)
    db = open_database(folder / "bench.db", folder / "bench.key", create=True)
    ids = db.ensure_points((p.path, p.unit) for p in config.points)
    point_ids = [ids[p.path] for p in config.points]
    bus = SampleBus()
    writer = SampleWriter(db)
    live = LiveBuffers(point_ids)
    service = AlarmService(config, AlarmJournal(db), ids)
    bus.subscribe(writer.submit)
    bus.subscribe(live.on_batch)
    bus.subscribe(service.on_batch)
    application = QCoreApplication.instance() or QCoreApplication([])
    signals = AlarmSignals(service)
    published: dict[int, float] = {}
    latencies: list[float] = []

    def on_journalled(events: list) -> None:
        arrived = time.perf_counter()
        for event in events:
            sent = published.get(event.ts_ms)
            if sent is not None:
                latencies.append((arrived - sent) * 1000)

    signals.journalled.connect(on_journalled)
    stop = threading.Event()

    def drive() -> None:
        period = 0
        next_at = time.perf_counter()
        while not stop.is_set():
            ts = now_ms()
            for d in range(DEVICES):
                samples = [
                    Sample(point_ids[d * POINTS_PER_DEVICE + p], ts, 230.0 + (p % 7) * 0.1, 0)
                    for p in range(POINTS_PER_DEVICE)
                ]
                if d == 0:
                    for k in range(CROSSING_POINTS):
                        high = (period + 3 * k) % TRIGGER_EVERY < HIGH_PERIODS
                        samples[k] = Sample(point_ids[k], ts, 255.0 if high else 230.0, 0)
                    published[ts] = time.perf_counter()
                bus.publish(SampleBatch(f"bench/d{d}", samples))
            period += 1
            next_at += PERIOD_S
            time.sleep(max(0.0, next_at - time.perf_counter()))

    writer.start()
    service.start()
    driver = threading.Thread(target=drive, name="wattkeeper-drivers")
    driver.start()
    QTimer.singleShot(round(seconds * 1000), application.quit)
    application.exec()
    stop.set()
    driver.join()
    service.stop()
    writer.stop()
    db.close()
    return latencies, bus.published, writer.written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        reference = reference_commit_ms(Path(folder))
        latencies, published, written = run(args.seconds, Path(folder))
    print(
        json.dumps(
            {
                "benchmark": "alarm_latency",
                "seconds": args.seconds,
                "ingest_samples_per_s": round(published / args.seconds),
                "samples_written": written,
                "alarm_events_measured": len(latencies),
                "reference": "one journal insert committed to an encrypted database (synchronous=FULL)",
                "reference_commit_ms_p50": round(statistics.median(reference), 2),
                "reference_commit_ms_p99": round(percentile(reference, 0.99), 2),
                "latency_ms_p50": round(statistics.median(latencies), 2),
                "latency_ms_p99": round(percentile(latencies, 0.99), 2),
                "latency_ms_max": round(max(latencies), 2),
                "target_p99_ms": 50,
            }
        )
    )


if __name__ == "__main__":
    main()
