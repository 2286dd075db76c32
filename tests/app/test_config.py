"""The site file: a valid one becomes typed points; each broken one gives one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.site.config import ConfigError, load_site, mqtt_topic, parse_site
from simulator.plant import SimulatedPlant

VALID = """
[[sites]]
id = "plant"
name = "Plant"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "10.0.0.5"

[[sites.gateways.devices]]
id = "meter"
profile = "eastron-sdm630"
unit_id = 3

[[sites.gateways.devices.points]]
quantity = "neutral_current"
unit = "A"
address = 0x00E0
type = "float32"
table = "input"

[[sites.gateways]]
id = "broker"
protocol = "mqtt"
host = "10.0.0.6"

[[sites.gateways.devices]]
id = "sensor"
topic = "hall/env"

[[sites.gateways.devices.points]]
quantity = "temperature"
unit = "°C"
json_path = "temp"

[[alarm_rules]]
point = "plant/meter/voltage_l1"
kind = "high"
limit = 253.0
"""


def test_valid_site_expands_profiles_into_points(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID, encoding="utf-8")
    config = load_site(path)
    paths = [p.path for p in config.points]
    assert "plant/meter/voltage_l1" in paths
    assert "plant/meter/neutral_current" in paths
    assert "plant/sensor/temperature" in paths
    assert (
        len(paths) == 31 + 1 + 1
    )  # the SDM630 profile (with harmonic distortion), one sensor point, one own
    voltage = config.point("plant/meter/voltage_l1")
    assert voltage is not None and voltage.unit == "V" and voltage.device_path == "plant/meter"
    assert config.file.alarm_rules[0].limit == 253.0


def test_simulator_site_file_is_valid() -> None:
    plant = SimulatedPlant(modbus_port=5999, broker_url="mqtt://127.0.0.1:1883")
    config = parse_site(plant.site_toml(), "sim.toml")
    assert {p.device for p in config.points} == {"main-meter", "genset", "pv-inverter", "hall-sensor"}
    assert len(config.file.alarm_rules) == 14


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("unit_id = 3", "unit_id = 3\nunit_idd = 4"),
            "site.toml: sites[0].gateways[0].devices[0].unit_idd: unknown key",
        ),
        (
            ("unit_id = 3", 'unit_id = "three"'),
            "site.toml: sites[0].gateways[0].devices[0].unit_id: input should be a valid integer",
        ),
        (
            ('profile = "eastron-sdm630"', 'profile = "eastron-sdm999"'),
            "site.toml: sites[0].gateways[0].devices[0].profile: unknown device profile 'eastron-sdm999'",
        ),
        (
            ('quantity = "neutral_current"', 'quantity = "voltage_l1"'),
            "site.toml: sites[0].gateways[0].devices[0]: duplicate point path 'plant/meter/voltage_l1'",
        ),
        (
            ('id = "sensor"', 'id = "meter"'),
            "site.toml: sites[0].gateways[1].devices[0].id: device 'plant/meter' is already defined",
        ),
        (
            ('protocol = "mqtt"', 'protocol = "bacnet"'),
            "site.toml: sites[0].gateways[1].protocol: unknown protocol 'bacnet'",
        ),
        (
            ('point = "plant/meter/voltage_l1"', 'point = "plant/meter/voltage_l9"'),
            "site.toml: alarm_rules[0].point: no configured point 'plant/meter/voltage_l9'",
        ),
        (
            ('json_path = "temp"', "address = 7"),
            "site.toml: sites[0].gateways[1].devices[0].points[0]: registers belong to Modbus points",
        ),
        (
            ('id = "plant"', 'id = "Plant Hall"'),
            "site.toml: sites[0].id: string should match pattern",
        ),
        (
            ('topic = "hall/env"', 'topic = "hall/#/env"'),
            "site.toml: sites[0].gateways[1].devices[0].topic: '#' must be a whole level at the end",
        ),
        (
            ('topic = "hall/env"', 'topic = "hall/env"\ntimestamp_timezone = "Mars/Olympus"'),
            "site.toml: sites[0].gateways[1].devices[0].timestamp_timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            ('topic = "hall/env"', 'profile = "generic-json"'),
            "site.toml: sites[0].gateways[1].devices[0].topic: required key is missing",
        ),
        (
            ("unit_id = 3", 'unit_id = 3\n[[sites.gateways.devices]]\nid = "meter-b"\nunit_id = 3'),
            "site.toml: sites[0].gateways[0].devices[1].unit_id: unit 3 is already used at",
        ),
        (
            ('protocol = "modbus-tcp"\nhost = "10.0.0.5"', 'protocol = "modbus-rtu"\nbaudrate = 9601'),
            "site.toml: sites[0].gateways[0].serial_port: required key is missing",
        ),
    ],
)
def test_broken_site_file_names_file_key_and_problem(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in VALID
    with pytest.raises(ConfigError) as caught:
        parse_site(VALID.replace(old, new, 1), "site.toml")
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_bad_toml_syntax_gives_line_and_column() -> None:
    with pytest.raises(ConfigError, match=r"^site.toml: invalid TOML: .*\(at line 3, column \d+\)"):
        parse_site('[[sites]]\nid = "plant"\nname = "unterminated\n', "site.toml")


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nowhere.toml: cannot read the site file"):
        load_site(tmp_path / "nowhere.toml")


def test_every_problem_is_listed() -> None:
    broken = VALID.replace("unit_id = 3", "unit_id = 900").replace('host = "10.0.0.6"', "host = 5")
    with pytest.raises(ConfigError) as caught:
        parse_site(broken, "site.toml")
    assert len(caught.value.problems) == 2
    assert str(caught.value).endswith("(and 1 more)")


EVERY_GATEWAY = """
[[sites]]
id = "plant"

[[sites.gateways]]
id = "secure"
protocol = "modbus-tls"
host = "meters.plant.example"
ca_file = "certs/ca.pem"
[[sites.gateways.devices]]
id = "inverter"
profile = "sunspec-inverter-three-phase"

[[sites.gateways]]
id = "rs485"
protocol = "modbus-rtu"
serial_port = "/dev/ttyUSB0"
baudrate = 19200
parity = "E"
[[sites.gateways.devices]]
id = "sub-a"
profile = "eastron-sdm630"
unit_id = 1
[[sites.gateways.devices]]
id = "sub-b"
profile = "eastron-sdm630"
unit_id = 2

[[sites.gateways]]
id = "converter"
protocol = "modbus-rtu-over-tcp"
host = "10.0.0.9"
port = 8899
[[sites.gateways.devices]]
id = "genset"
profile = "generic-genset"

[[sites.gateways]]
id = "broker"
protocol = "mqtt"
host = "broker.plant.example"
mqtt_version = "5"
username = "wattkeeper"
tls = { ca_file = "certs/ca.pem" }
[[sites.gateways.devices]]
id = "plug-1"
profile = "tasmota-energy"
timestamp_timezone = "Asia/Ho_Chi_Minh"
[[sites.gateways.devices]]
id = "shellypro3em-a8032ab12345"
profile = "shelly-gen2-em"
"""


def test_every_gateway_kind_and_preset_parses(tmp_path: Path) -> None:
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "ca.pem").write_text("certificate")
    (tmp_path / "site.toml").write_text(EVERY_GATEWAY, encoding="utf-8")
    config = load_site(tmp_path / "site.toml")
    assert config.resolve_file(Path("certs/ca.pem")) == tmp_path / "certs" / "ca.pem"
    gateways = {g.id: g for g in config.file.sites[0].gateways}
    assert gateways["broker"].effective_port == 8883  # type: ignore[union-attr]
    assert gateways["secure"].port == 802  # type: ignore[union-attr]
    inverter = config.point("plant/inverter/voltage_l1")
    assert inverter is not None and inverter.source.sunspec is not None and inverter.source.field is None
    devices = {d.id: d for _, _, d in config.devices()}
    assert mqtt_topic(devices["plug-1"]) == "tele/plug-1/SENSOR"  # type: ignore[arg-type]
    assert mqtt_topic(devices["shellypro3em-a8032ab12345"]) == "shellypro3em-a8032ab12345/status/em:0"  # type: ignore[arg-type]


def test_missing_certificate_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_site(EVERY_GATEWAY, "site.toml", tmp_path / "site.toml")
    assert caught.value.problems == [
        f"site.toml: sites[0].gateways[0].ca_file: no such file '{tmp_path / 'certs/ca.pem'}'",
        f"site.toml: sites[0].gateways[3].tls.ca_file: no such file '{tmp_path / 'certs/ca.pem'}'",
    ]
