"""Backup, restore, rekey and export of the encrypted file, with real files and real kills."""

from __future__ import annotations

import csv
import io
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlcipher3

from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.errors import StorageError
from storage.export import export_csv, export_parquet
from storage.ingest import ingest_batches
from storage.keys import KEYRING_SERVICE, keyring_username
from storage.maintenance import backup, rekey, restore
from storage.queries import raw_samples
from storage.writer import SampleWriter
from tests.conftest import MemoryKeyring, wait_until

START = 1_700_000_000_000


def fill(db_path: Path, key_file: Path | None, count: int, offset: int = 0) -> None:
    db = open_database(db_path, key_file, create=True)
    db.ensure_points([("s/m/v", "V")])
    ingest_batches(db, [[Sample(1, START + (offset + i) * 1000, float(i), 0) for i in range(count)]])
    db.close()


def opens_with(db_path: Path, key_hex: str) -> bool:
    conn = sqlcipher3.connect(str(db_path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def sample_count(db_path: Path, key_file: Path | None) -> int:
    """Samples of the one point, whether rows or sealed into blocks."""
    db = open_database(db_path, key_file)
    try:
        return len(raw_samples(db, "s/m/v", 0, 2**62))
    finally:
        db.close()


def test_backup_while_writing_is_consistent_and_encrypted(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "w.db"
    fill(db_path, key_file, 5_000)
    db = open_database(db_path, key_file)
    writer = SampleWriter(db, flush_interval_s=0.01, rows_per_transaction=50)
    writer.start()
    for i in range(200):
        writer.submit(SampleBatch("s/m", [Sample(1, START + (10_000 + i) * 1000, 1.0, 0)]))
    wait_until(lambda: writer.written > 0)
    backup(db, tmp_path / "copy.db")
    with pytest.raises(StorageError, match="already exists"):
        backup(db, tmp_path / "copy.db")
    writer.stop()
    db.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "copy.db").execute("SELECT count(*) FROM samples").fetchall()
    copied = sample_count(tmp_path / "copy.db", key_file)
    assert 5_000 < copied <= 5_200
    assert auto_vacuum(tmp_path / "copy.db", key_file) == 2


def test_restore_brings_back_the_backup_and_refuses_while_in_use(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "w.db"
    fill(db_path, key_file, 1_000)
    db = open_database(db_path, key_file)
    backup(db, tmp_path / "copy.db")
    with pytest.raises(StorageError, match="in use by another program"):
        restore(db_path, key_file, tmp_path / "copy.db")
    db.close()
    fill(db_path, key_file, 500, offset=5_000)
    assert sample_count(db_path, key_file) == 1_500
    restore(db_path, key_file, tmp_path / "copy.db")
    assert sample_count(db_path, key_file) == 1_000


def test_restore_refuses_a_damaged_backup_and_keeps_the_database(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "w.db"
    fill(db_path, key_file, 3_000)
    db = open_database(db_path, key_file)
    backup(db, tmp_path / "copy.db")
    db.close()
    with (tmp_path / "copy.db").open("r+b") as handle:
        handle.seek(2 * 4096 + 200)
        byte = handle.read(1)
        handle.seek(2 * 4096 + 200)
        handle.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(StorageError, match=r"damaged.*page 3"):
        restore(db_path, key_file, tmp_path / "copy.db")
    assert sample_count(db_path, key_file) == 3_000


def test_rekey_with_a_key_file_retires_the_old_key(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "w.db"
    fill(db_path, key_file, 2_000)
    old = key_file.read_text().strip()
    rekey(db_path, key_file)
    new = key_file.read_text().strip()
    assert new != old and (key_file.stat().st_mode & 0o777) == 0o600
    assert not opens_with(db_path, old) and opens_with(db_path, new)
    assert sample_count(db_path, key_file) == 2_000
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["w.db", "w.db.lock"]
    assert auto_vacuum(db_path, key_file) == 2  # incremental: sealing can still hand pages back


def auto_vacuum(db_path: Path, key_file: Path) -> int:
    db = open_database(db_path, key_file)
    try:
        with db.engine.connect() as conn:
            return int(conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() or 0)
    finally:
        db.close()


def test_rekey_with_the_keyring(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    db_path = tmp_path / "w.db"
    fill(db_path, None, 100)
    user = keyring_username(db_path)
    old = memory_keyring.get_password(KEYRING_SERVICE, user)
    rekey(db_path, None)
    new = memory_keyring.get_password(KEYRING_SERVICE, user)
    assert new is not None and new != old and opens_with(db_path, new)
    assert list(memory_keyring.secrets) == [(KEYRING_SERVICE, user)]
    assert sample_count(db_path, None) == 100


def test_sigkill_during_rekey_leaves_a_database_that_opens_with_exactly_one_key(
    tmp_path: Path, key_file: Path
) -> None:
    data = tmp_path / "data"
    db_path = data / "wattkeeper.db"
    fill(db_path, key_file, 150_000)
    keys_seen = {key_file.read_text().strip()}
    rng = random.Random(5)
    argv = [sys.executable, "-m", "app", "--data-dir", str(data), "--key-file", str(key_file), "db", "rekey"]
    outcomes = []
    for _ in range(8):
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.wait(timeout=rng.uniform(0.3, 2.5))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        outcomes.append(process.returncode)
        for candidate in (key_file, key_file.with_name(key_file.name + ".new")):
            if candidate.exists():
                keys_seen.add(candidate.read_text().strip())
        assert sum(opens_with(db_path, k) for k in keys_seen) == 1
        assert sample_count(db_path, key_file) == 150_000
    assert -signal.SIGKILL in outcomes  # some runs really were killed part-way


def test_export_csv_and_parquet(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "w.db"
    db = open_database(db_path, key_file, create=True)
    db.ensure_points([("s/m/v", "V")])
    ingest_batches(
        db,
        [
            [
                Sample(1, START + i * 1000, None if i == 2 else i * 1.5, 2 if i == 2 else 0)
                for i in range(250_000)
            ]
        ],
    )
    out = io.StringIO()
    assert export_csv(db, "s/m/v", START, START + 5_000, out, ts_format=str) == 5
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["ts", "value", "quality"] and rows[3] == [str(START + 2000), "", "2"]
    assert export_parquet(db, "s/m/v", START, START + 250_000_000, tmp_path / "v.parquet") == 250_000
    db.close()
    table = pq.read_table(tmp_path / "v.parquet")
    assert table.num_rows == 250_000 and table.column("value")[2].as_py() is None
    assert table.column("ts_ms")[-1].as_py() == START + 249_999_000
