"""The whole pipeline in-process: simulated plant → drivers → bus → encrypted database and live buffers."""

from __future__ import annotations

import time
from pathlib import Path

from app.pipeline.runtime import Runtime
from app.site.config import parse_site
from drivers.base import Quality
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from storage.database import open_database
from storage.queries import raw_samples
from tests.conftest import wait_until


def test_every_configured_point_reaches_the_database_and_the_live_buffers(
    plant: SimulatedPlant, tmp_path: Path, key_file: Path
) -> None:
    config = parse_site(plant.site_toml(), "sim.toml")
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    runtime = Runtime.build(config, db, key_file=key_file)
    started = time.time_ns() // 1_000_000
    runtime.start()
    try:
        wait_until(
            lambda: all(runtime.live.latest(i) is not None for i in runtime.point_ids.values()), timeout=15
        )
        plant.model.set_fault(Fault.OVER_VOLTAGE, True)
        voltage_id = runtime.point_ids["demo-plant/main-meter/voltage_l1"]
        wait_until(lambda: (runtime.live.latest(voltage_id).value or 0) > 253, timeout=10)  # type: ignore[union-attr]
    finally:
        runtime.stop()
    for point in config.points:
        samples = raw_samples(db, point.path, started, started + 120_000)
        assert samples, point.path
        assert samples[0].quality == Quality.GOOD, point.path
    voltages = [
        s.value for s in raw_samples(db, "demo-plant/main-meter/voltage_l1", started, started + 120_000)
    ]
    assert 220 < voltages[0] < 240 and voltages[-1] > 253
    assert runtime.writer.dropped == 0
    db.close()
