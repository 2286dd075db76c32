"""The historian refusing samples raises a critical alarm nobody had to configure."""

from __future__ import annotations

from pathlib import Path

from app.alarms.states import AlarmState
from app.pipeline.runtime import Runtime
from app.pipeline.system_alarms import DROPPING_RULE, QUIET_MS, DropFeed
from app.site.config import parse_site
from simulator.plant import SimulatedPlant
from storage.database import open_database
from tests.conftest import wait_until


def test_refused_samples_raise_the_built_in_alarm(
    plant: SimulatedPlant, tmp_path: Path, key_file: Path
) -> None:
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    # A queue smaller than one meter poll: every meter batch is refused, as with a disk far too slow.
    runtime = Runtime.build(
        parse_site(plant.site_toml(), "sim.toml"), db, writer_queue_samples=10, key_file=key_file
    )
    runtime.start()
    try:

        def dropping() -> AlarmState | None:
            views = [v for v in runtime.alarms.alarms() if v.key == DROPPING_RULE.key]
            return views[0].state if views else None

        wait_until(lambda: runtime.writer.dropped > 0 and dropping() == AlarmState.UNACK_ACTIVE, timeout=15)
    finally:
        runtime.stop()
        db.close()


def test_the_dropping_point_clears_after_a_quiet_spell() -> None:
    sent: list[float | None] = []
    feed = DropFeed(7, lambda batch: sent.extend(s.value for s in batch.samples))
    feed.on_drop(1_000, 5)
    feed.on_drop(2_000, 9)
    feed.tick(2_000 + QUIET_MS)
    feed.tick(2_001 + QUIET_MS)
    feed.tick(3_000 + QUIET_MS)
    assert sent == [1.0, 0.0]
