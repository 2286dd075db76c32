"""The encrypted database on real SQLCipher files."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from drivers.base import Quality, Sample, SampleBatch
from storage.database import PLAINTEXT_HEADER, open_database
from storage.errors import DatabaseMissingError, KeyMismatchError, KeyUnavailableError
from storage.keys import KEYRING_SERVICE, keyring_username
from storage.queries import raw_samples
from storage.writer import SampleWriter
from tests.conftest import MemoryKeyring


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_some(db_path: Path, key_file: Path | None, count: int = 100) -> None:
    db = open_database(db_path, key_file, create=True)
    ids = db.ensure_points([("plant/meter/voltage_l1", "V")])
    writer = SampleWriter(db)
    writer.start()
    writer.submit(
        SampleBatch(
            "plant/meter",
            [Sample(ids["plant/meter/voltage_l1"], 1_000 * i, 230.0 + i, 0) for i in range(count)],
        )
    )
    writer.stop()
    db.close()


def test_new_database_is_encrypted_with_a_new_key_file(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "wattkeeper.db"
    write_some(db_path, key_file)
    assert db_path.read_bytes()[:16] != PLAINTEXT_HEADER
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT count(*) FROM samples").fetchall()
    db = open_database(db_path, key_file)
    samples = raw_samples(db, "plant/meter/voltage_l1", 0, 10**9)
    db.close()
    assert [s.value for s in samples[:3]] == [230.0, 231.0, 232.0]
    assert {s.quality for s in samples} == {Quality.GOOD}


def test_wrong_key_is_named_and_leaves_the_file_untouched(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "wattkeeper.db"
    write_some(db_path, key_file)
    other_key = tmp_path / "other.key"
    other_key.write_text("ab" * 32 + "\n")
    other_key.chmod(0o600)
    before = {p.name: sha256(p) for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(KeyMismatchError) as caught:
        open_database(db_path, other_key)
    message = str(caught.value)
    assert str(db_path) in message and "does not match" in message
    assert "file is not a database" not in message
    after = {p.name: sha256(p) for p in tmp_path.iterdir() if p.is_file()}
    assert after == before


def test_missing_key_file_for_an_existing_database_is_refused(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "wattkeeper.db"
    write_some(db_path, key_file)
    with pytest.raises(KeyMismatchError, match="already exists"):
        open_database(db_path, tmp_path / "new.key", create=True)
    assert not (tmp_path / "new.key").exists()


def test_key_file_readable_by_others_is_refused(tmp_path: Path, key_file: Path) -> None:
    write_some(tmp_path / "wattkeeper.db", key_file)
    key_file.chmod(0o644)
    with pytest.raises(KeyUnavailableError, match="chmod 600"):
        open_database(tmp_path / "wattkeeper.db", key_file)


def test_without_keyring_or_key_file_nothing_is_written(tmp_path: Path) -> None:
    db_path = tmp_path / "wattkeeper.db"
    with pytest.raises(KeyUnavailableError, match="--key-file"):
        open_database(db_path, None, create=True)
    assert list(tmp_path.iterdir()) == []


def test_keyring_holds_the_key_of_a_new_database(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    db_path = tmp_path / "wattkeeper.db"
    write_some(db_path, None)
    key = memory_keyring.get_password(KEYRING_SERVICE, keyring_username(db_path))
    assert key is not None and len(key) == 64
    db = open_database(db_path, None)
    assert len(raw_samples(db, "plant/meter/voltage_l1", 0, 10**9)) == 100
    db.close()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyMismatchError, match="holds no key"):
        open_database(db_path, None)


def test_reading_before_any_database_exists_says_what_to_do(tmp_path: Path, key_file: Path) -> None:
    with pytest.raises(DatabaseMissingError, match="db init"):
        open_database(tmp_path / "wattkeeper.db", key_file)
    assert not key_file.exists()


def test_integrity_check_passes_and_finds_a_flipped_byte(tmp_path: Path, key_file: Path) -> None:
    db_path = tmp_path / "wattkeeper.db"
    # Enough samples that the file's last pages hold samples, not the schema (which opening reads).
    write_some(db_path, key_file, count=5000)
    db = open_database(db_path, key_file)
    assert db.integrity_problems() == []
    db.close()
    last_page = db_path.stat().st_size // 4096
    with db_path.open("r+b") as handle:
        handle.seek((last_page - 1) * 4096 + 100)
        byte = handle.read(1)
        handle.seek((last_page - 1) * 4096 + 100)
        handle.write(bytes([byte[0] ^ 0xFF]))
    damaged = open_database(db_path, key_file, migrate=False)
    problems = damaged.integrity_problems()
    damaged.close()
    assert any(f"page {last_page}" in p for p in problems), problems
