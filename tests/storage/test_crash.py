"""SIGKILL during heavy ingest, again and again: nothing committed is ever lost."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

from storage.database import open_database
from tests.conftest import wait_until
from tests.storage.crash_child import BATCH, MAX_PENDING, POINTS
from tests.storage.rollup_oracle import oracle_rollups, same_rows, stored_rollups

ROUNDS = 10
MAX_TRANSACTION = 50_000  # SampleWriter's max_rows_per_transaction


def last_report(output: Path, word: str) -> int:
    lines = [line for line in output.read_text().splitlines() if line.startswith(f"{word} ")]
    return int(lines[-1].split()[1]) if lines else 0


def kill_during_ingest(db_path: Path, key_file: Path, output: Path, target: int) -> tuple[int, int]:
    """Run the collector until ``target`` samples are committed and SIGKILL it.

    Returns how many samples it had acknowledged as committed and how many it had queued.
    """
    with output.open("w") as handle:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.crash_child", str(db_path), str(key_file)],
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(
            lambda: last_report(output, "committed") >= target or child.poll() is not None, timeout=120
        )
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, output.read_text()
    return last_report(output, "committed"), last_report(output, "queued")


def test_sigkill_during_heavy_ingest_loses_no_committed_sample(tmp_path: Path) -> None:
    db_path, key_file = tmp_path / "crash.db", tmp_path / "crash.key"
    rng = random.Random(11)
    stored = 0
    for round_ in range(ROUNDS):
        target = stored + rng.randint(20_000, 120_000)
        acknowledged, queued = kill_during_ingest(db_path, key_file, tmp_path / f"round{round_}.out", target)
        db = open_database(db_path, key_file)
        try:
            assert db.integrity_problems() == []
            with db.engine.connect() as conn:
                count, top, total = conn.exec_driver_sql(
                    "SELECT count(*), max(value), sum(value) FROM samples"
                ).one()
        finally:
            db.close()
        # Every acknowledged sample is there, and what is there is one unbroken run from 0.
        assert count >= acknowledged >= target
        assert top == count - 1 and total == count * (count - 1) / 2
        # Lost: at most what was still queued plus the transaction being written.
        assert queued - count <= MAX_PENDING + BATCH + MAX_TRANSACTION
        stored = count

    db = open_database(db_path, key_file)
    try:
        expected, actual = oracle_rollups(db), stored_rollups(db)
        assert all(same_rows(actual[level], expected[level]) for level in expected)
        assert {row[0] for row in actual["1m"]} == set(range(1, POINTS + 1))
    finally:
        db.close()
