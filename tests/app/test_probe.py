"""The connection test, against the simulated plant and as the command line prints it."""

from __future__ import annotations

import json
import subprocess
import sys

from app.pipeline.driver_factory import probe_target
from app.pipeline.probe import ModbusTarget, MqttTarget, numeric_leaves, probe_mqtt, run_probe_modbus
from app.site.config import parse_site
from drivers.base import Quality
from drivers.modbus_link import TcpTransport
from drivers.profiles import builtin_profiles
from simulator.net import free_port
from simulator.plant import ENV_TOPIC, SimulatedPlant


def test_modbus_probe_reads_the_profile_once(plant: SimulatedPlant) -> None:
    transport = TcpTransport(plant.modbus.host, plant.modbus.port)
    result = run_probe_modbus(
        ModbusTarget.from_profile(transport, 2, builtin_profiles()["generic-genset"]), 1.0
    )
    readings = {r.quantity: r for r in result.readings}
    assert readings["engine_speed"].quality == Quality.GOOD and 1400 < readings["engine_speed"].value < 1600  # type: ignore[operator]
    assert result.reads == 1


def test_modbus_probe_says_exactly_what_failed() -> None:
    port = free_port()
    target = ModbusTarget.from_profile(
        TcpTransport("127.0.0.1", port), 1, builtin_profiles()["eastron-sdm630"]
    )
    result = run_probe_modbus(target, 0.5)
    assert (
        result.problem is not None and f"127.0.0.1:{port}" in result.problem and "refused" in result.problem
    )
    assert {r.quality for r in result.readings} == {Quality.COMM_ERROR}


def test_mqtt_probe_shows_messages_and_their_numbers(plant: SimulatedPlant) -> None:
    result = probe_mqtt(MqttTarget(plant.mqtt.host, plant.mqtt.port, ENV_TOPIC), count=2, timeout_s=10)
    assert len(result.messages) == 2 and result.problem is None
    assert {r.quantity for r in result.messages[0].readings} == {"temperature", "humidity", "vibration_rms"}


def test_mqtt_probe_names_a_silent_topic(plant: SimulatedPlant) -> None:
    result = probe_mqtt(MqttTarget(plant.mqtt.host, plant.mqtt.port, "nobody/publishes/here"), timeout_s=1)
    assert result.messages == [] and result.problem == "no message on 'nobody/publishes/here' within 1 s"


def test_numeric_leaves_name_every_number_with_its_path() -> None:
    leaves = numeric_leaves({"ENERGY": {"Power": [120, 0], "Total": 1.5}, "on": True, "name": "x"})
    assert leaves == [
        ("ENERGY.Power[0]", 120.0),
        ("ENERGY.Power[1]", 0.0),
        ("ENERGY.Total", 1.5),
        ("on", 1.0),
    ]


def test_probe_command_prints_json_and_exit_status(plant: SimulatedPlant) -> None:
    argv = [
        sys.executable,
        "-m",
        "app",
        "probe",
        "modbus",
        f"127.0.0.1:{plant.modbus.port}",
        "--unit",
        "1",
        "--profile",
        "eastron-sdm630",
        "--json",
    ]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    voltage = next(r for r in output["readings"] if r["quantity"] == "voltage_l1")
    assert voltage["quality"] == "good" and 220 < voltage["value"] < 240
    unknown = subprocess.run([*argv[:-3], "--profile", "sdm999"], capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 1 and "unknown modbus profile 'sdm999'" in unknown.stderr


def test_configured_devices_are_probed_through_their_own_settings(plant: SimulatedPlant) -> None:
    config = parse_site(plant.site_toml(), "sim.toml")
    meter = probe_target(config, "demo-plant/main-meter")
    assert isinstance(meter, ModbusTarget) and len(meter.points) == 31
    readings = {r.quantity: r for r in run_probe_modbus(meter).readings}
    assert readings["frequency"].quality == Quality.GOOD
    sensor = probe_target(config, "demo-plant/hall-sensor")
    assert isinstance(sensor, MqttTarget)
    messages = probe_mqtt(sensor, count=1).messages
    assert {r.quantity for r in messages[0].readings} == {"temperature", "humidity", "vibration_rms"}
