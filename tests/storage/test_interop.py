"""The database file is standard SQLCipher 4: another SQLCipher's shell reads it with the key."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from drivers.base import Sample
from storage.database import open_database
from storage.ingest import ingest_batches
from tests.sqlcipher_shell import sqlcipher_shell


def test_the_sqlcipher_shell_reads_the_file_with_the_key_and_plain_sqlite_cannot(
    tmp_path: Path, key_file: Path
) -> None:
    db_path = tmp_path / "w.db"
    db = open_database(db_path, key_file, create=True)
    db.ensure_points([("s/m/voltage", "V")])
    ingest_batches(db, [[Sample(1, 1_700_000_000_000 + i * 1000, 230.5, 0) for i in range(1000)]])
    db.close()
    shell = sqlcipher_shell()
    script = (
        f"PRAGMA key = \"x'{key_file.read_text().strip()}'\";\n"
        "SELECT path, unit FROM points;\n"
        "SELECT count(*), min(value) FROM samples;\n"
        "PRAGMA cipher_integrity_check;\n"
    )
    result = subprocess.run(
        [str(shell), str(db_path)], input=script, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "s/m/voltage|V", "1000|230.5"]
    without_key = subprocess.run(
        [str(shell), str(db_path)],
        input="SELECT count(*) FROM samples;\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "file is not a database" in without_key.stderr
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(db_path).execute("SELECT count(*) FROM samples").fetchall()
