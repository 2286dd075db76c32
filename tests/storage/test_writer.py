"""The writer thread: one transaction per batch window, bounded memory, clean flush."""

from __future__ import annotations

from pathlib import Path

from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.queries import raw_samples
from storage.writer import SampleWriter
from tests.conftest import wait_until


def test_stop_flushes_everything_queued(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "w.db", key_file, create=True)
    pid = db.ensure_points([("p/d/q", "")])["p/d/q"]
    writer = SampleWriter(db, flush_interval_s=60.0)  # only the stop can flush
    writer.start()
    for second in range(50):
        writer.submit(SampleBatch("p/d", [Sample(pid, second * 1000, float(second), 0)]))
    writer.stop()
    assert writer.written == 50
    assert [s.value for s in raw_samples(db, "p/d/q", 0, 10**9)] == [float(i) for i in range(50)]
    db.close()


def test_full_queue_refuses_and_counts_instead_of_growing(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "w.db", key_file, create=True)
    pid = db.ensure_points([("p/d/q", "")])["p/d/q"]
    writer = SampleWriter(db, max_pending_samples=100)  # not started: nothing drains the queue
    for second in range(30):
        writer.submit(SampleBatch("p/d", [Sample(pid, second * 10_000 + i, 1.0, 0) for i in range(10)]))
    assert writer.pending == 100
    assert writer.dropped == 200
    writer.start()
    writer.stop()
    assert writer.written == 100
    db.close()


def test_repeated_timestamp_replaces_rather_than_fails(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "w.db", key_file, create=True)
    pid = db.ensure_points([("p/d/q", "")])["p/d/q"]
    writer = SampleWriter(db)
    writer.start()
    writer.submit(SampleBatch("p/d", [Sample(pid, 5, 1.0, 0), Sample(pid, 5, 2.0, 0)]))
    writer.stop()
    assert [(s.ts_ms, s.value) for s in raw_samples(db, "p/d/q", 0, 10)] == [(5, 2.0)]
    assert writer.failed_writes == 0
    db.close()


def test_pending_counts_the_transaction_being_written(tmp_path: Path, key_file: Path) -> None:
    """A reader that waits for ``pending == 0`` must then find every sample committed."""
    db = open_database(tmp_path / "w.db", key_file, create=True)
    pid = db.ensure_points([("p/d/q", "")])["p/d/q"]
    writer = SampleWriter(db, rows_per_transaction=50_000)
    writer.start()
    writer.submit(SampleBatch("p/d", [Sample(pid, i, 1.0, 0) for i in range(50_000)]))
    wait_until(lambda: writer.pending == 0, interval=0.001)
    assert len(raw_samples(db, "p/d/q", 0, 10**9)) == 50_000
    writer.stop()
    db.close()
