"""GUI responsiveness: 16 live trends of a day of one-second data while 10,000 samples/s arrive.

Sixteen trend views (the window's own ``TrendView``) each show one point whose live buffer
holds 86,400 samples, refreshed on every display frame as the window does and painted by the
event loop, while a feeder thread pushes 10,000 samples a second through the real pipeline
pieces: the live buffers and the encrypted historian's writer. Measured on the GUI thread:
each frame's time (the refresh and the paints of the charts it changed, timed as the
application delivers them), and the longest block, from a 5 ms watchdog timer's lateness. The same
run repeats it for a naive baseline — the same charts drawing every sample, without
downsampling or clipping — so the ratio says what the peak downsampling buys.

It also times opening a year of history on a pen until its first paint, from an encrypted
historian holding a year of one-minute data of that point (the envelope comes from rollups,
so one-second data would read the same rows).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.gui_frames [--seconds 10]

Targets: p99 frame under 20 ms, no block over 50 ms, a year to first paint under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget

from app.historian.trends import recorded_trend
from app.pipeline.live_buffers import LiveBuffers
from app.site.config import PointInfo
from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.ingest import ingest_batches
from storage.sealing import seal_completed_hours
from storage.writer import SampleWriter
from widgets import gui_thread
from widgets.main_window import FRAME_MS
from widgets.trend import TrendView

TRENDS = 16
DAY_S = 86_400
RATE = 10_000
WATCHDOG_MS = 5


def point(path: str, unit: str = "kW") -> PointInfo:
    site, device, quantity = path.split("/")
    return PointInfo(path, site, "gw", device, f"{site}/{device}", quantity, unit, "", None)  # type: ignore[arg-type]


class TimedPaints(QApplication):
    """The application, timing the paint events of the widgets in ``watched``."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.watched: set[QObject] = set()
        self.painted_s = 0.0

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or receiver not in self.watched:
            return super().notify(receiver, event)
        started = time.perf_counter()
        try:
            return super().notify(receiver, event)
        finally:
            self.painted_s += time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Feeder(threading.Thread):
    """Pushes ``RATE`` samples a second, in batches of 100, into the live buffers and the writer."""

    def __init__(self, live: LiveBuffers, writer: SampleWriter, ids: list[int]) -> None:
        super().__init__(daemon=True)
        self._live, self._writer, self._ids = live, writer, ids
        self.stop = threading.Event()
        self.sent = 0

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set():
            due = int((time.monotonic() - started) * RATE)
            while self.sent < due:
                now = time.time_ns() // 1_000_000
                batch = SampleBatch(
                    "bench",
                    [
                        Sample(self._ids[(self.sent + i) % len(self._ids)], now + i, float(i % 97), 0)
                        for i in range(100)
                    ],
                )
                self._live.on_batch(batch)
                self._writer.submit(batch)
                self.sent += 100
            time.sleep(0.002)


def measure(
    app: TimedPaints, views: list[TrendView], board: QWidget, seconds: float, feeder: Feeder
) -> dict[str, float]:
    """Frame times and the longest block over ``seconds``, after as long again to settle (first paints)."""
    frames: list[float] = []
    blocks: list[float] = []
    last = [time.perf_counter()]
    app.watched = {view.chart_viewport() for view in views}
    refreshed = [0.0]

    def frame() -> None:
        """Close the previous frame (its refresh and the paints that followed), then refresh."""
        if refreshed[0]:
            frames.append((refreshed[0] + app.painted_s) * 1000)
        app.painted_s = 0.0
        started = time.perf_counter()
        for view in views:
            view.refresh()  # the window's display timer does this; the event loop paints what changed
        refreshed[0] = time.perf_counter() - started

    def watchdog() -> None:
        now = time.perf_counter()
        blocks.append((now - last[0]) * 1000 - WATCHDOG_MS)
        last[0] = now

    frame_timer, dog = QTimer(), QTimer()
    frame_timer.timeout.connect(frame)
    dog.timeout.connect(watchdog)
    frame_timer.start(FRAME_MS)
    dog.start(WATCHDOG_MS)
    _spin(app, seconds)  # the first paints of a day of samples in each chart, not measured
    frames.clear()
    blocks.clear()
    refreshed[0] = 0.0
    sent = feeder.sent
    _spin(app, seconds)
    frame_timer.stop()
    dog.stop()
    return {
        "ingest_samples_per_s": round((feeder.sent - sent) / seconds),
        "frames": len(frames),
        "frame_ms_p50": round(statistics.median(frames), 2),
        "frame_ms_p95": round(percentile(frames, 0.95), 2),
        "frame_ms_p99": round(percentile(frames, 0.99), 2),
        "longest_block_ms": round(max(blocks), 1),
    }


def _spin(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)


def board_of(live: LiveBuffers, ids: dict[str, int], *, naive: bool) -> tuple[QWidget, list[TrendView]]:
    board = QWidget()
    board.resize(1920, 1080)
    grid = QGridLayout(board)
    views = []
    for index, path in enumerate(ids):
        view = TrendView(live, ids, None, window_samples=DAY_S)
        view.show_point(point(path))
        if naive:
            view.decimate = False
            for pen in view.pens:
                pen.curve.setDownsampling(auto=False)
                pen.curve.setClipToView(False)
        grid.addWidget(view, index // 4, index % 4)
        views.append(view)
    board.show()
    gui_thread.settle_heap()  # as the window host does once the window is built
    return board, views


def year_to_first_paint(app: TimedPaints, folder: Path) -> float:
    """Open a year of one-minute history on a pen; milliseconds until the curve is painted."""
    db = open_database(folder / "year.db", folder / "year.key", create=True)
    path = "bench/meter/active_power"
    point_id = db.ensure_points([(path, "kW")])[path]
    start = (time.time_ns() // 1_000_000) // 3_600_000 * 3_600_000 - 365 * DAY_S * 1000
    ingest_batches(
        db,
        (
            [
                Sample(point_id, start + m * 60_000, 50.0 + (m % 1440) / 30, 0)
                for m in range(first, first + 50_000)
            ]
            for first in range(0, 365 * 1440, 50_000)
        ),
    )
    seal_completed_hours(db, time.time_ns() // 1_000_000)
    live = LiveBuffers([point_id], 10)
    view = TrendView(live, {path: point_id}, partial(recorded_trend, db))
    view.resize(1200, 400)
    view.show()
    view.show_point(point(path))
    app.processEvents()
    started = time.perf_counter()
    view.span_box.setCurrentIndex(view.span_box.count() - 1)  # one year
    while not len(view.curve_data()[0]):
        app.processEvents()
        time.sleep(0.0005)
    view.repaint()
    elapsed = (time.perf_counter() - started) * 1000
    view.close()
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    app = TimedPaints(sys.argv)
    gui_thread.share_interpreter()  # as the window host does
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = open_database(folder / "live.db", folder / "live.key", create=True)
        paths = [f"bench/meter-{i:02d}/active_power" for i in range(TRENDS)]
        others = [f"bench/other-{i:03d}/active_power" for i in range(1000 - TRENDS)]
        ids = db.ensure_points([(p, "kW") for p in paths + others])
        trend_ids = {p: ids[p] for p in paths}
        live = LiveBuffers(ids.values(), DAY_S)
        now = time.time()
        seconds = np.arange(-DAY_S, 0) + now
        for point_id in trend_ids.values():  # a full day in each trend's ring
            for lo in range(0, DAY_S, 10_000):
                times = seconds[lo : lo + 10_000]
                samples = [Sample(point_id, int(t * 1000), float(50 + (t % 600) / 10), 0) for t in times]
                live.on_batch(SampleBatch("fill", samples))
        writer = SampleWriter(db)
        writer.start()
        feeder = Feeder(live, writer, list(ids.values()))
        feeder.start()
        results = {}
        for mode, naive in (("downsampled", False), ("naive", True)):
            board, views = board_of(live, trend_ids, naive=naive)
            results[mode] = measure(app, views, board, args.seconds, feeder)
            board.close()
        feeder.stop.set()
        feeder.join()
        writer.stop()
        db.close()
        year_ms = year_to_first_paint(app, folder)
    print(
        json.dumps(
            {
                "benchmark": "gui_frames",
                "trends": TRENDS,
                "live_points_per_trend": DAY_S,
                **results,
                "p99_ratio_to_naive": round(
                    results["downsampled"]["frame_ms_p99"] / results["naive"]["frame_ms_p99"], 3
                ),
                "year_to_first_paint_ms": round(year_ms, 1),
                "targets": {"frame_ms_p99": 20, "longest_block_ms": 50, "year_to_first_paint_ms": 100},
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
