"""Backup, restore and rekey of the encrypted database file.

All three copy the database with ``sqlcipher_export`` (SQLCipher's own copy into an
attached database with a key of its choosing) into a file beside the target, make it
durable, check it, and only then rename it into place: a rename is atomic, so an
interruption at any moment leaves either the old file or the new one, never a mixture.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import sqlcipher3

from storage.database import Database
from storage.errors import KeyMismatchError, StorageError
from storage.keys import (
    DatabaseKey,
    discard_pending_key,
    fsync_folder,
    obtain_key,
    promote_pending_key,
    store_pending_key,
)
from storage.lock import FileLock

log = logging.getLogger(__name__)


def _connect(path: Path, key: DatabaseKey) -> sqlcipher3.Connection:
    """A plain connection in autocommit mode, keyed and checked with a first read."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f'PRAGMA key = "{key.pragma_value}"')
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise KeyMismatchError(str(path), f"the key from the {key.source} does not open this file") from None
    return conn


def _export(conn: sqlcipher3.Connection, target: Path, key: DatabaseKey) -> None:
    """A consistent copy of ``conn``'s database into ``target``, encrypted with ``key``, on disk."""
    target.unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS export KEY ?", (str(target), key.pragma_value))
    try:
        # The copy is a new file: set what only a new file can have (sqlcipher_export does not copy it).
        conn.execute("PRAGMA export.auto_vacuum = INCREMENTAL")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the snapshot starts here
        conn.execute("SELECT sqlcipher_export('export')").fetchall()
        conn.execute("COMMIT")
    finally:
        conn.execute("DETACH DATABASE export")
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def problems_of(path: Path, key: DatabaseKey) -> list[str]:
    """What SQLCipher's page check and SQLite's quick check find wrong in the file; empty if sound."""
    conn = _connect(path, key)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        try:
            problems += [r[0] for r in conn.execute("PRAGMA quick_check") if r[0] != "ok"]
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"quick check stopped: {exc}")
    finally:
        conn.close()
    return problems


def checkpoint(db: Database, attempts: int = 50) -> None:
    """Copy the write-ahead log into the file and empty it, so deleted rows leave no old page behind.

    A reader in the middle of a read can hold the log for a moment; the checkpoint is
    retried until it is complete.
    """
    db.file_only()
    for _attempt in range(attempts):
        with db.engine.connect() as conn:
            busy, _log_pages, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if not busy:
            return
        time.sleep(0.02)
    raise StorageError(db.where, "the write-ahead log could not be emptied: the database stayed busy")


def backup(db: Database, target: Path) -> None:
    """Write an online, consistent copy of the open database to ``target``, encrypted with its key."""
    source = db.file_only()
    if db.key is None:
        raise StorageError(db.where, "the database was opened without its key")
    if target.exists():
        raise StorageError(str(target), "already exists; choose a new file for the backup")
    partial = target.with_name(target.name + ".partial")
    conn = _connect(source, db.key)
    try:
        _export(conn, partial, db.key)
    finally:
        conn.close()
    problems = problems_of(partial, db.key)
    if problems:
        partial.unlink()
        raise StorageError(str(target), f"the backup did not verify: {problems[0]}")
    os.replace(partial, target)
    fsync_folder(target.parent)
    log.warning("backup of %s written to %s", source, target)


def _replace_file(new: Path, db_path: Path) -> None:
    """Put ``new`` in place of the database, dropping the old one's write-ahead log."""
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(new, db_path)
    fsync_folder(db_path.parent)


def restore(db_path: Path, key_file: Path | None, source: Path) -> None:
    """Replace the database by the backup ``source`` (which must open with the database's key)."""
    if not source.is_file():
        raise StorageError(str(source), "no such backup file")
    lock = FileLock(db_path, exclusive=True)
    try:
        key = obtain_key(db_path, key_file, database_exists=True)
        problems = problems_of(source, key)
        if problems:
            raise StorageError(str(source), f"the backup is damaged: {problems[0]}")
        incoming = db_path.with_name(db_path.name + ".restoring")
        shutil.copyfile(source, incoming)
        with incoming.open("rb") as handle:
            os.fsync(handle.fileno())
        _replace_file(incoming, db_path)
    finally:
        lock.release()
    log.warning("%s restored from %s", db_path, source)


def rekey(db_path: Path, key_file: Path | None) -> None:
    """Encrypt the database with a new random key and retire the old one.

    The new key is stored (beside the old one) before the re-encrypted copy replaces the
    file, and becomes the key after: killed at any moment, the database opens with exactly
    one of the two, and ``open_database`` finishes or forgets the interrupted rekey.
    """
    lock = FileLock(db_path, exclusive=True)
    try:
        old = obtain_key(db_path, key_file, database_exists=True)
        conn = _connect(db_path, old)
        rekeyed = db_path.with_name(db_path.name + ".rekey")
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            new = store_pending_key(db_path, key_file)
            _export(conn, rekeyed, new)
        finally:
            conn.close()
        problems = problems_of(rekeyed, new)
        if problems:
            rekeyed.unlink()
            discard_pending_key(db_path, key_file)
            raise StorageError(str(db_path), f"the re-encrypted copy did not verify: {problems[0]}")
        _replace_file(rekeyed, db_path)
        promote_pending_key(db_path, key_file)
    finally:
        lock.release()
    log.warning("%s encrypted with a new key; the old key is retired", db_path)
