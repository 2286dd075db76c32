"""Upgrading a database of every earlier schema version keeps all of its data."""

from __future__ import annotations

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.database import MIGRATIONS
from tests.both_backends import Databases
from tests.storage.rollup_oracle import fill_rollups, oracle_rollups, same_rows, stored_rollups


def revisions() -> list[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [r.revision for r in reversed(list(script.walk_revisions()))]


OLDER = revisions()[:-1]
START = 1_700_000_000_000


def test_the_chain_is_linear_and_numbered() -> None:
    names = revisions()
    assert names == [f"{i:04d}" for i in range(1, len(names) + 1)]


@pytest.mark.parametrize("revision", OLDER)
def test_upgrade_from_an_older_version_keeps_every_sample(databases: Databases, revision: str) -> None:
    old = databases.new(schema_revision=revision)
    rows = [
        (
            point,
            START + i * 7_000,
            None if i % 11 == 5 else 100.0 + i * (0.5 if point == 2 else -0.25),
            0 if i % 11 != 5 else 2,
        )
        for point in (1, 2)
        for i in range(1200)
    ]
    with old.engine.begin() as conn:
        if revision == "0001":  # the catalogue of that version had no counter flag
            conn.exec_driver_sql(
                "INSERT INTO points (path, unit) VALUES ('s/m/voltage', 'V'), ('s/m/energy', 'kWh')"
            )
        else:
            conn.exec_driver_sql(
                "INSERT INTO points (path, unit, counter) VALUES ('s/m/voltage', 'V', false), "
                "('s/m/energy', 'kWh', true)"
            )
        conn.exec_driver_sql(
            old.sql("INSERT INTO samples (point_id, ts_ms, value, quality) VALUES (?, ?, ?, ?)"), rows
        )
        if revision != "0001":  # the writers of later versions kept the rollups too
            fill_rollups(conn, lambda name: f"rollup_{name}")
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == revision

    db = databases.reopen(old)
    with db.engine.connect() as conn:
        kept = [tuple(r) for r in conn.exec_driver_sql("SELECT * FROM samples ORDER BY point_id, ts_ms")]
        catalogue = [
            tuple(r) for r in conn.exec_driver_sql("SELECT id, path, unit, counter FROM points ORDER BY id")
        ]
        retention = dict(conn.exec_driver_sql("SELECT resolution, keep_days FROM retention").fetchall())
        head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert head == revisions()[-1]
    assert kept == sorted(rows)
    assert catalogue == [(1, "s/m/voltage", "V", False), (2, "s/m/energy", "kWh", True)]
    assert retention == {"raw": 400, "1m": 1826, "1h": None, "1d": None}
    stored, expected = stored_rollups(db), oracle_rollups(db)
    assert sum(r[2] + r[3] for r in stored["1m"]) == len(rows)
    assert all(same_rows(stored[level], expected[level]) for level in expected)
