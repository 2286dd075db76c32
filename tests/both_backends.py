"""Tests that run against both back ends: an encrypted file and a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.database import Database, open_database
from storage.postgres import open_postgresql


class Databases:
    """Opens new, empty historians on one back end, and opens them again."""

    def __init__(self, backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.backend = backend
        self._tmp_path = tmp_path
        self._request = request
        self._opened: list[Database] = []

    def new(self, schema_revision: str = "head") -> Database:
        if self.backend == "sqlcipher":
            name = f"db{len(self._opened)}"
            path = self._tmp_path / f"{name}.db"
            db = open_database(path, self._key(path), create=True, schema_revision=schema_revision)
        else:
            url = self._request.getfixturevalue("postgres").new_database()
            db = open_postgresql(url, schema_revision=schema_revision)
        self._opened.append(db)
        return db

    def reopen(self, db: Database) -> Database:
        """``db`` closed and opened again, which migrates it to the newest schema."""
        db.close()
        again = open_database(db.path, self._key(db.path)) if db.path else open_postgresql(db.where)
        self._opened.append(again)
        return again

    def _key(self, path: Path) -> Path:
        return path.with_suffix(".key")

    def close_all(self) -> None:
        for db in self._opened:
            db.close()


@pytest.fixture(params=["sqlcipher", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    factory = Databases(request.param, tmp_path, request)
    yield factory
    factory.close_all()
