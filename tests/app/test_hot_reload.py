"""A site file changed while collecting: only the changed devices restart, nothing else is lost."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from app.pipeline.runtime import Runtime
from app.site.changes import ALARM_RULES
from app.site.config import parse_site
from app.site.site_edits import put_device, put_gateway
from drivers.base import Quality
from simulator.plant import SimulatedPlant
from storage.database import open_database
from storage.queries import raw_samples
from tests.conftest import wait_until

SITE = "demo-plant"
UNTOUCHED = ("main-meter/active_power", "pv-inverter/active_power", "hall-sensor/temperature")


def _largest_gap_ms(db: object, path: str, start: int, end: int) -> int:
    times = [s.ts_ms for s in raw_samples(db, path, start, end)]  # type: ignore[arg-type]
    assert len(times) > 3, path
    return max(b - a for a, b in itertools.pairwise(times))


def test_adding_and_changing_devices_keeps_every_other_device_polling(
    plant: SimulatedPlant, tmp_path: Path, key_file: Path
) -> None:
    text = plant.site_toml()
    config = parse_site(text, "sim.toml")
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    runtime = Runtime.build(config, db, key_file=key_file)
    started = time.time_ns() // 1_000_000
    runtime.start()
    try:
        wait_until(lambda: all(runtime.live.latest(i) is not None for i in runtime.point_ids.values()), 15)
        drivers_before = runtime.host.drivers
        gateway = {"id": "second-gateway", "protocol": "modbus-tcp", "host": plant.modbus.host}
        edited = put_gateway(text, SITE, gateway | {"port": plant.modbus.port})
        edited = put_device(
            edited, SITE, "second-gateway", {"id": "sub-meter", "profile": "eastron-sdm630", "unit_id": 1}
        )
        edited = put_device(
            edited, SITE, "sim-gateway", {"id": "genset", "interval_s": 2.0}, was=("sim-gateway", "genset")
        )
        applied = runtime.apply(parse_site(edited, "sim.toml"))
        applied_at = time.time_ns() // 1_000_000
        new_power = runtime.point_ids[f"{SITE}/sub-meter/active_power"]
        wait_until(lambda: (latest := runtime.live.latest(new_power)) is not None and latest.quality == 0, 15)
        wait_until(lambda: time.time_ns() // 1_000_000 > applied_at + 3_000, 10)
    finally:
        runtime.stop()
    assert applied.devices.added == (f"{SITE}/sub-meter",)
    assert applied.devices.changed == (f"{SITE}/genset",)
    assert applied.restarted == (f"{SITE}/genset",)
    assert applied.waiting == (ALARM_RULES,)  # the genset's comm-loss alarm is timed by its interval
    kept = [key for key, driver in runtime.host.drivers.items() if drivers_before.get(key) is driver]
    assert sorted(kept) == sorted(
        [f"{SITE}/sim-gateway/main-meter", f"{SITE}/sim-gateway/pv-inverter", f"{SITE}/sim-broker"]
    )
    end = time.time_ns() // 1_000_000
    for point in UNTOUCHED:
        assert _largest_gap_ms(db, f"{SITE}/{point}", started, end) < 2_500, point
    sub_meter = raw_samples(db, f"{SITE}/sub-meter/active_power", started, end)
    assert sub_meter and all(s.quality == Quality.GOOD for s in sub_meter)
    assert runtime.writer.dropped == 0
    db.close()
