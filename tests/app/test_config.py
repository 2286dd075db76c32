"""The site file: a valid one becomes typed points; each broken one gives one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigError, load_site, parse_site
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
    assert len(paths) == 25 + 1 + 1
    voltage = config.point("plant/meter/voltage_l1")
    assert voltage is not None and voltage.unit == "V" and voltage.device_path == "plant/meter"
    assert config.file.alarm_rules[0].limit == 253.0


def test_simulator_site_file_is_valid() -> None:
    plant = SimulatedPlant(modbus_port=5999, broker_url="mqtt://127.0.0.1:1883")
    config = parse_site(plant.site_toml(), "sim.toml")
    assert {p.device for p in config.points} == {"main-meter", "genset", "hall-sensor"}
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
            "site.toml: sites[0].gateways[1].devices[0].points[0]: address belongs to Modbus points",
        ),
        (
            ('id = "plant"', 'id = "Plant Hall"'),
            "site.toml: sites[0].id: string should match pattern",
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
