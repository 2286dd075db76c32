"""Shared fixtures: real brokers, real Modbus servers, real encrypted files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from app.pipeline.runtime import Runtime
from app.site.config import parse_site
from simulator.broker import MosquittoBroker
from simulator.plant import SimulatedPlant
from storage.database import open_database
from tests.postgres_server import PostgresCluster, postgres_cluster

pytest_plugins = ["tests.both_backends", "tests.people_fixtures"]


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, interval: float = 0.05) -> None:
    """Poll ``predicate`` until it is true; fail the test with a clear message at ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s: {predicate}")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps secrets in this process only, standing in for the OS keyring."""

    # Below the "no keyring" backend, so it is never picked unless a test installs it.
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "wattkeeper.key"


@pytest.fixture
def broker() -> Iterator[MosquittoBroker]:
    with MosquittoBroker() as running:
        yield running


@pytest.fixture
def plant() -> Iterator[SimulatedPlant]:
    with SimulatedPlant(seed=7) as running:
        yield running


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def runtime(plant: SimulatedPlant, tmp_path: Path, key_file: Path) -> Iterator[Runtime]:
    """The whole pipeline, running on the simulated plant, into a fresh encrypted database."""
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    running = Runtime.build(parse_site(plant.site_toml(), "sim.toml"), db, key_file=key_file)
    running.start()
    yield running
    running.stop()
    db.close()
