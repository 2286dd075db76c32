"""The command line, run as separate processes against a simulated plant."""

from __future__ import annotations

import itertools
import json
import signal
import sqlite3
import time
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from app.site.site_edits import put_device, put_gateway
from simulator.net import free_port
from tests.app.cli_process import Background, InProcess, Wattkeeper
from tests.conftest import wait_until

PLAUSIBLE = {
    "voltage_l1": (200, 260),
    "current_l1": (1, 400),
    "active_power": (20, 200),
    # the generator carries 45 % of the load: about 20 kW at the night minimum
    "genset/active_power": (15, 100),
    # the PV inverter gives nothing at night and up to 40 kW by day
    "pv-inverter/active_power": (0, 45),
    "pv-inverter/current_l1": (0, 70),
    "power_factor": (0.8, 1.0),
    "frequency": (49.5, 50.5),
    "energy_import": (10_000, 30_000),
    "fuel_level": (0, 100),
    "engine_speed": (1400, 1600),
    "coolant_temperature": (20, 100),
    "temperature": (15, 40),
    "humidity": (30, 100),
    "vibration_rms": (0.5, 5),
    "voltage_thd_l1": (1, 8),
    "current_thd_l1": (5, 30),
    "operating_state": (2, 4),
    "energy_produced": (30_000, 50_000),
    "heatsink_temperature": (15, 80),
}


def simulate(cli: Wattkeeper, *extra: str, name: str = "simulate") -> Background:
    sim = cli.start(name, "simulate", "--modbus-port", "0", "--write-config", str(cli.config), *extra)
    sim.wait_for_output("Simulating")
    return sim


def test_simulate_collect_query_end_to_end(tmp_path: Path) -> None:
    """The operator's first session: a plant, 20 s of collection, the history read back.

    The plant, the collector and the point list are separate processes; the 64 queries run the
    same command line in this process, which spares starting an interpreter for each.
    """
    cli = Wattkeeper(tmp_path)
    sim = simulate(cli)
    try:
        result = cli.run("collect", "--duration", "20")
    finally:
        sim.stop()
    assert result.returncode == 0, result.stderr
    assert "samples written, 0 dropped" in result.stderr
    points = json.loads(cli.run("points", "--json").stdout)
    assert len(points) == 64
    reader = InProcess(tmp_path)
    for point in points:
        records = reader.query(point["path"])
        assert 17 <= len(records) <= 22, (point["path"], len(records))
        good = [r for r in records if r["quality"] == "good"]
        assert len(good) >= len(records) - 2, (point["path"], records)
        device, quantity = point["path"].split("/")[-2:]
        if (plausible := PLAUSIBLE.get(f"{device}/{quantity}", PLAUSIBLE.get(quantity))) is not None:
            low, high = plausible
            assert all(low <= r["value"] <= high for r in good), (point["path"], good)
        first, last = (datetime.fromisoformat(records[i]["ts"].replace("Z", "+00:00")) for i in (0, -1))
        assert 16 <= (last - first).total_seconds() <= 21
    energy = [
        r["value"] for r in reader.query("demo-plant/main-meter/energy_import") if r["quality"] == "good"
    ]
    assert energy == sorted(energy) and energy[-1] > energy[0]
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(cli.data_dir / "wattkeeper.db").execute("SELECT * FROM samples").fetchall()


def test_points_json_is_stable_for_scripts(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    sim = simulate(cli, "--broker", "mqtt://127.0.0.1:1")
    sim.stop()
    points = json.loads(cli.run("points", "--json").stdout)
    voltage = next(p for p in points if p["path"] == "demo-plant/main-meter/voltage_l1")
    assert voltage == {
        "path": "demo-plant/main-meter/voltage_l1",
        "site": "demo-plant",
        "device": "demo-plant/main-meter",
        "quantity": "voltage_l1",
        "unit": "V",
        "name": "",
    }


def test_sigterm_flushes_pending_samples_and_exits_zero(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    sim = simulate(cli)
    try:
        collect = cli.start("collect", "collect")
        collect.wait_for_output("Ctrl+C stops")
        wait_until(
            lambda: cli.run("query", "demo-plant/genset/engine_speed").stdout.count("\n") > 3, timeout=20
        )
        stopped_at = time.time()
        assert collect.stop(signal.SIGTERM) == 0
    finally:
        sim.stop()
    assert "Stopped (SIGTERM)" in collect.text()
    last = cli.query("demo-plant/genset/engine_speed")[-1]
    last_ts = datetime.fromisoformat(str(last["ts"]).replace("Z", "+00:00")).timestamp()
    # The newest sample was taken within a poll interval of the signal: nothing queued was lost.
    assert stopped_at - last_ts < 1.5


def test_collect_survives_the_plant_going_away_and_resumes(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    ports = ("--modbus-port", str(free_port()), "--mqtt-port", str(free_port()))
    sim = cli.start("simulate", "simulate", *ports, "--write-config", str(cli.config))
    sim.wait_for_output("Simulating")
    collect = cli.start("collect", "collect")
    try:
        collect.wait_for_output("Ctrl+C stops")
        wait_until(
            lambda: all(
                "good" in cli.run("query", p).stdout
                for p in ("demo-plant/main-meter/voltage_l1", "demo-plant/hall-sensor/temperature")
            ),
            timeout=20,
        )
        sim.stop(signal.SIGKILL)
        wait_until(
            lambda: all(
                (r := cli.query(p)) and r[-1]["quality"] == "comm_error"
                for p in ("demo-plant/main-meter/voltage_l1", "demo-plant/hall-sensor/temperature")
            ),
            timeout=30,
        )
        assert collect.process.poll() is None
        sim = cli.start("simulate-again", "simulate", *ports)
        sim.wait_for_output("Simulating")
        wait_until(
            lambda: all(
                cli.query(p)[-1]["quality"] == "good"
                for p in ("demo-plant/main-meter/voltage_l1", "demo-plant/hall-sensor/temperature")
            ),
            timeout=30,
        )
    finally:
        code = collect.stop()
        sim.stop()
    assert code == 0
    for path in ("demo-plant/main-meter/voltage_l1", "demo-plant/hall-sensor/temperature"):
        qualities = [r["quality"] for r in cli.query(path)]
        first_error = qualities.index("comm_error")
        assert "good" in qualities[:first_error], (path, qualities)
        assert "good" in qualities[first_error:]
        assert all(r["value"] is None for r in cli.query(path) if r["quality"] == "comm_error")


def test_headless_collect_never_loads_qtwidgets(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    sim = simulate(cli, "--broker", "mqtt://127.0.0.1:1")
    sim.stop()
    code = (
        "import sys\n"
        "from app.cli import main\n"
        f"rc = main({cli.argv('collect', '--duration', '1')[3:]!r})\n"
        "print('QtWidgets loaded' if 'PySide6.QtWidgets' in sys.modules else 'QtWidgets not loaded', rc)\n"
    )
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=cli.env
    )
    assert "QtWidgets not loaded 0" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("query", "demo-plant/main-meter/voltage_l1"), "db init"),
        (("query", "x", "--from", "yesterday"), "is not a time"),
        (("points",), "no site file at"),
    ],
)
def test_errors_are_one_line_and_non_zero(tmp_path: Path, args: tuple[str, ...], needle: str) -> None:
    result = Wattkeeper(tmp_path).run(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr


def test_broken_site_file_is_one_clear_line(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('[[sites]]\nid = "p"\nbogus = 1\n', encoding="utf-8")
    result = Wattkeeper(tmp_path, config).run("collect", "--duration", "1")
    assert result.returncode == 1
    assert result.stderr.strip() == f"wattkeeper: error: {config}: sites[0].bogus: unknown key"


def test_db_init_then_check(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    init = cli.run("db", "init")
    assert init.returncode == 0 and "Database ready" in init.stdout
    check = cli.run("db", "check")
    assert check.returncode == 0 and check.stdout.startswith("ok:")
    assert (cli.key_file.stat().st_mode & 0o777) == 0o600


def test_sighup_puts_an_edited_site_file_in_force_without_stopping(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    sim = simulate(cli)
    collect = cli.start("collect", "collect")
    try:
        collect.wait_for_output("Ctrl+C stops")
        wait_until(lambda: "good" in cli.run("query", "demo-plant/main-meter/voltage_l1").stdout, timeout=20)
        text = cli.config.read_text(encoding="utf-8")
        cli.config.write_text(text.replace("timeout_s = 0.5", "timeout_s = -1"), encoding="utf-8")
        collect.process.send_signal(signal.SIGHUP)
        log = cli.data_dir / "logs" / "wattkeeper.log"
        wait_until(lambda: "the site file has problems" in collect.text(), timeout=20)
        assert "sites[0].gateways[0].timeout_s" in collect.text() and collect.process.poll() is None

        port = tomllib.loads(text)["sites"][0]["gateways"][0]["port"]
        gateway = {"id": "panel-2", "protocol": "modbus-tcp", "host": "127.0.0.1", "port": port}
        edited = put_device(put_gateway(text, "demo-plant", gateway), "demo-plant", "panel-2",
                            {"id": "sub-meter", "profile": "eastron-sdm120", "unit_id": 1})  # fmt: skip
        cli.config.write_text(edited, encoding="utf-8")
        collect.process.send_signal(signal.SIGHUP)
        wait_until(
            lambda: (
                (rows := cli.query("demo-plant/sub-meter/active_power")) and rows[-1]["quality"] == "good"
            ),
            timeout=30,
        )
        code = collect.stop()
    finally:
        collect.stop()
        sim.stop()
    assert code == 0
    assert "site file applied: 1 device(s) added, 0 removed, 0 restarted" in log.read_text(encoding="utf-8")
    voltage = [r["ts"] for r in cli.query("demo-plant/main-meter/voltage_l1")]
    gaps = [
        datetime.fromisoformat(b.replace("Z", "+00:00")) - datetime.fromisoformat(a.replace("Z", "+00:00"))
        for a, b in itertools.pairwise(voltage)
    ]
    assert max(gaps).total_seconds() < 2.5  # the main meter was polled throughout
