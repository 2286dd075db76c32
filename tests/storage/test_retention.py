"""Retention per resolution, in bounded chunks, while the writer keeps writing."""

from __future__ import annotations

import pytest

from drivers.base import Sample, SampleBatch
from storage.database import Database
from storage.errors import StorageError
from storage.ingest import ingest_batches
from storage.retention import DAY_MS, apply_retention, read_policy, set_policies, set_policy
from storage.writer import SampleWriter
from tests.both_backends import Databases
from tests.conftest import wait_until
from tests.storage.rollup_oracle import stored_rollups

NOW = 1_800_000_000_000


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


def test_old_data_goes_in_chunks_and_the_rest_stays(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points([("s/m/a", "V"), ("s/m/b", "V")])
    assert read_policy(db) == {"raw": 400, "1m": 1826, "1h": None, "1d": None}
    set_policy(db, "raw", 10)
    set_policy(db, "1m", 20)
    old = [Sample(p, NOW - 30 * DAY_MS + i * 60_000, 1.0, 0) for p in (1, 2) for i in range(2_500)]
    recent = [Sample(p, NOW - 5 * DAY_MS + i * 1000, 2.0, 0) for p in (1, 2) for i in range(100)]
    ingest_batches(db, [old, recent])
    hours_before = len(stored_rollups(db)["1h"])

    run = apply_retention(db, NOW, chunk_rows=1_000)

    assert run.deleted["raw"] == 5_000 and run.deleted["1m"] == 5_000
    # 3 chunks per point and resolution (1000, 1000, the last 500 with the end found),
    # per point one look for sealed blocks, and one for 10-minute rollups (the sealer's, none here)
    assert run.transactions == 2 * 2 * 3 + 2 + 2
    assert count(db, "samples") == 200
    assert len(stored_rollups(db)["1h"]) == hours_before
    assert apply_retention(db, NOW).deleted == {"raw": 0, "1m": 0, "1h": 0, "1d": 0}


def test_policy_refuses_nonsense(databases: Databases) -> None:
    db = databases.new()
    with pytest.raises(StorageError, match="unknown resolution '2m'"):
        set_policy(db, "2m", 3)
    with pytest.raises(StorageError, match="at least 1 day"):
        set_policy(db, "raw", 0)
    set_policy(db, "1h", None)
    assert read_policy(db)["1h"] is None
    with pytest.raises(StorageError, match=r"1m must be kept at least as long as raw \(1826 days < fore"):
        set_policy(db, "raw", None)
    with pytest.raises(StorageError, match=r"1h must be kept at least as long as 1m \(30 days < 40 days\)"):
        set_policies(db, {"raw": 10, "1m": 40, "1h": 30})
    set_policies(db, {"raw": 3000, "1m": 3000})  # checked together, not one after the other
    assert read_policy(db) == {"raw": 3000, "1m": 3000, "1h": None, "1d": None}


def test_the_writer_keeps_writing_while_retention_deletes(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points([("s/m/a", "V")])
    set_policy(db, "raw", 1)
    ingest_batches(db, [[Sample(1, NOW - 10 * DAY_MS + i * 100, 1.0, 0) for i in range(20_000)]])
    writer = SampleWriter(db, flush_interval_s=0.01, rows_per_transaction=100, seal_grace_ms=None)
    writer.start()
    chunks: list[int] = []

    def between_chunks() -> bool:
        """Each sample submitted between two chunks is committed before the next chunk starts."""
        chunks.append(len(chunks))
        writer.submit(SampleBatch("s/m", [Sample(1, NOW + len(chunks) * 1000, 3.0, 0)]))
        wait_until(lambda: writer.written == len(chunks), timeout=30)
        return False

    run = apply_retention(db, NOW, chunk_rows=500, should_stop=between_chunks)
    writer.stop()
    assert run.deleted["raw"] == 20_000
    assert writer.failed_writes == 0 and writer.written == len(chunks) == run.transactions
