"""The database file is standard SQLCipher 4: a separately built SQLCipher reads it with the key.

Debian 12's ``sqlcipher`` command-line tool is SQLCipher 3.4 and cannot read SQLCipher 4 files
at all (HMAC-SHA512, 4 KiB pages). The independent reader here is the SQLCipher 4.6 that the
``rotki-pysqlcipher3`` wheel links statically: another release, built by other people, with
SQLCipher's default settings, unlike the 4.19 Wattkeeper links through ``sqlcipher3``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pysqlcipher3 import dbapi2 as independent_sqlcipher

from drivers.base import Sample
from storage.database import open_database
from storage.ingest import ingest_batches


def test_another_sqlcipher_reads_the_file_with_the_key_and_plain_sqlite_cannot(
    tmp_path: Path, key_file: Path
) -> None:
    db_path = tmp_path / "w.db"
    db = open_database(db_path, key_file, create=True)
    db.ensure_points([("s/m/voltage", "V")])
    ingest_batches(db, [[Sample(1, 1_700_000_000_000 + i * 1000, 230.5, 0) for i in range(1000)]])
    db.close()

    reader = independent_sqlcipher.connect(str(db_path))
    version = reader.execute("PRAGMA cipher_version").fetchone()[0]
    reader.execute(f"PRAGMA key = \"x'{key_file.read_text().strip()}'\"")
    assert not version.startswith("4.19")  # really another build
    assert reader.execute("SELECT path, unit FROM points").fetchall() == [("s/m/voltage", "V")]
    assert reader.execute("SELECT count(*), min(value) FROM samples").fetchone() == (1000, 230.5)
    assert reader.execute("PRAGMA cipher_integrity_check").fetchall() == []
    reader.close()

    without_key = independent_sqlcipher.connect(str(db_path))
    with pytest.raises(independent_sqlcipher.DatabaseError, match="file is not a database"):
        without_key.execute("SELECT count(*) FROM samples").fetchall()
    without_key.close()
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(db_path).execute("SELECT count(*) FROM samples").fetchall()
