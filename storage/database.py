"""Opening the encrypted historian database and keeping its schema current.

The key is checked by a read right after keying (SQLCipher accepts any key and only
fails on the first read), before anything could write to the file, so a wrong key
leaves the file exactly as it was and says so in plain words.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool

from storage.errors import DatabaseMissingError, KeyMismatchError, StorageError
from storage.keys import (
    DatabaseKey,
    discard_pending_key,
    obtain_key,
    pending_key,
    promote_pending_key,
)
from storage.lock import FileLock
from storage.schema import is_counter_unit, points

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
PLAINTEXT_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Database:
    """An open historian database: the engine and where it lives.

    ``path`` is the SQLCipher file, None on PostgreSQL; ``where`` names the database in
    messages (the file, or the URL without its password).
    """

    engine: Engine
    path: Path | None
    where: str
    key: DatabaseKey | None = field(default=None, repr=False, compare=False)
    lock: FileLock | None = field(default=None, repr=False, compare=False)

    @property
    def is_sqlcipher(self) -> bool:
        return self.path is not None

    def file_only(self) -> Path:
        """The SQLCipher file, for the operations that only exist for files."""
        if self.path is None:
            raise StorageError(
                self.where, "this works on an encrypted database file; PostgreSQL has its own tools for it"
            )
        return self.path

    def sql(self, statement: str) -> str:
        """``statement`` written with ``?`` placeholders, in this database's DBAPI style."""
        return statement if self.is_sqlcipher else statement.replace("?", "%s")

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def schema_revision(self) -> str | None:
        """The Alembic revision the schema is at."""
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def ensure_points(self, catalogue: Iterable[tuple[str, str]]) -> dict[str, int]:
        """Give every (path, unit) a stable integer id, adding new points as needed."""
        wanted = dict(catalogue)
        with self.engine.begin() as conn:
            known = {row.path: row for row in conn.execute(select(points.c.id, points.c.path, points.c.unit))}
            missing = [
                {"path": p, "unit": u, "counter": is_counter_unit(u)}
                for p, u in wanted.items()
                if p not in known
            ]
            if missing:
                conn.execute(points.insert(), missing)
            for path, unit in wanted.items():
                if path in known and known[path].unit != unit:
                    conn.execute(
                        points.update()
                        .where(points.c.path == path)
                        .values(unit=unit, counter=is_counter_unit(unit))
                    )
            return {row.path: row.id for row in conn.execute(select(points.c.id, points.c.path))}

    def integrity_problems(self) -> list[str]:
        """Every problem SQLCipher's page check and SQLite's structure check report; empty if sound.

        The cipher check names each page whose authentication code fails, which is what
        pinpoints damage on disk; the structure check may stop at the first bad page.
        """
        self.file_only()
        with self.engine.connect() as conn:
            problems = [row[0] for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            try:
                general = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            except DatabaseError as exc:
                general = [f"integrity check stopped: {exc.orig}"]
        return problems + [p for p in general if p != "ok"]


def _configure_connection(dbapi_conn: Any, _record: Any) -> None:
    """Runs on every new connection, right after the dialect has keyed it."""
    cursor = dbapi_conn.cursor()
    try:
        if not cursor.execute("PRAGMA cipher_version").fetchall():
            raise StorageError(
                "sqlcipher3", "the database module is not linked with SQLCipher; refusing to write"
            )
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
        # Takes effect only in a new, empty file: lets sealing hand freed pages back.
        cursor.execute("PRAGMA auto_vacuum = INCREMENTAL")
        cursor.execute("PRAGMA journal_mode = WAL").fetchall()
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
    finally:
        cursor.close()


def _engine(path: Path, key: DatabaseKey) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=key.pragma_value, database=str(path))
    engine = create_engine(url, poolclass=QueuePool, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_connection)
    return engine


def newest_revision() -> str:
    """The newest migration, by the numbered file names of the one linear chain."""
    return max(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except (OperationalError, DatabaseError):
            return None


def migrate_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default), in one transaction.

    A schema already at the newest revision is left alone without loading Alembic, which
    costs every command a noticeable part of a second to start.
    """
    if revision == "head" and _current_revision(engine) == newest_revision():
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_database(
    path: Path,
    key_file: Path | None = None,
    *,
    create: bool = False,
    migrate: bool = True,
    schema_revision: str = "head",
) -> Database:
    """Open (or, with ``create``, create) the encrypted database at ``path``.

    ``migrate=False`` opens for inspection only (``db check``), so that a damaged
    database can still be examined; ``schema_revision`` names an older schema to create
    (the migration tests build yesterday's databases with it).

    Raises ``DatabaseMissingError`` when there is no database and ``create`` is off,
    ``KeyMismatchError`` when the key does not open it, ``KeyUnavailableError`` when
    no key can be found or stored.
    """
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseMissingError(
            str(path), "no database here yet; run 'wattkeeper db init' or 'wattkeeper collect'"
        )
    key = obtain_key(path, key_file, database_exists=exists)
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, exclusive=False)
    try:
        engine, key = _keyed_engine(path, key_file, key, exists=exists)
        try:
            if migrate or not exists:
                migrate_schema(engine, schema_revision)
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise StorageError(str(path), f"cannot bring the schema up to date: {exc.orig}") from None
        with path.open("rb") as handle:
            if handle.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER:
                engine.dispose()
                raise StorageError(str(path), "the database file is not encrypted; refusing to use it")
    except BaseException:
        lock.release()
        raise
    return Database(engine, path, str(path), key, lock)


def _keyed_engine(
    path: Path, key_file: Path | None, key: DatabaseKey, *, exists: bool
) -> tuple[Engine, DatabaseKey]:
    """An engine whose key opens the file; finishes or forgets an interrupted rekey."""
    try:
        engine = _checked_engine(path, key)
    except KeyMismatchError:
        pending = pending_key(path, key_file) if exists else None
        if pending is None:
            raise
        engine = _checked_engine(path, pending)  # the rekey replaced the file but did not finish
        promote_pending_key(path, key_file)
        log.warning("%s: finished an interrupted rekey; the new key is now the key", path)
        return engine, pending
    if exists and pending_key(path, key_file) is not None:
        discard_pending_key(path, key_file)
        log.warning("%s: an interrupted rekey never replaced the file; its new key was discarded", path)
    return engine, key


def _checked_engine(path: Path, key: DatabaseKey) -> Engine:
    engine = _engine(path, key)
    try:
        with engine.connect():
            pass
    except DatabaseError as exc:
        engine.dispose()
        if "not a database" in str(exc.orig):
            raise KeyMismatchError(
                str(path),
                f"the key from the {key.source} does not match this database (or the file is damaged)",
            ) from None
        raise StorageError(str(path), f"cannot open the database: {exc.orig}") from None
    return engine
