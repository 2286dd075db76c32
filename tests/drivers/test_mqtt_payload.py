"""Payload mapping: real payloads of the shipped presets, and any payload at all without an exception."""

from __future__ import annotations

import contextlib
import json
import math
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.base import Quality
from drivers.json_path import JsonField, JsonPath, PathError
from drivers.mqtt_payload import MqttPoint, PayloadMap, map_payload, payload_time_ms
from drivers.profiles import builtin_profiles

# Payloads as these devices publish them (values invented, layout as documented).
TASMOTA = {
    "Time": "2026-11-23T15:00:00",
    "ENERGY": {
        "TotalStartTime": "2025-01-02T10:00:00",
        "Total": 152.341,
        "Yesterday": 1.2,
        "Today": 0.84,
        "Period": 3,
        "Power": 415,
        "ApparentPower": 450,
        "ReactivePower": 174,
        "Factor": 0.92,
        "Voltage": 231,
        "Current": 1.95,
    },
}
SHELLY_EM = {
    "id": 0,
    "a_current": 4.2,
    "a_voltage": 230.6,
    "a_act_power": 902.1,
    "a_aprt_power": 968.5,
    "a_pf": 0.93,
    "a_freq": 50.0,
    "b_current": 1.1,
    "b_voltage": 231.0,
    "b_act_power": 240.3,
    "b_aprt_power": 254.1,
    "b_pf": 0.95,
    "b_freq": 50.0,
    "c_current": 0.4,
    "c_voltage": 229.9,
    "c_act_power": -80.5,
    "c_aprt_power": 92.0,
    "c_pf": -0.88,
    "c_freq": 50.0,
    "n_current": None,
    "total_current": 5.7,
    "total_act_power": 1061.9,
    "total_aprt_power": 1314.6,
    "user_calibrated_phase": [],
}
SHELLY_SWITCH = {
    "id": 0,
    "source": "button",
    "output": True,
    "apower": 1203.4,
    "voltage": 229.5,
    "current": 5.31,
    "aenergy": {"total": 45021.5, "by_minute": [20.1, 20.0, 19.9], "minute_ts": 1795480000},
    "temperature": {"tC": 41.2, "tF": 106.2},
}


def preset_map(profile_id: str, zone: str = "UTC") -> tuple[PayloadMap, dict[int, str]]:
    profile = builtin_profiles()[profile_id]
    points = [p for p in profile.points if p.json is not None]
    mapping = PayloadMap(
        tuple(MqttPoint(i, p.json) for i, p in enumerate(points)),  # type: ignore[arg-type]
        timestamp_path=JsonPath.parse(profile.timestamp_path) if profile.timestamp_path else None,
        timestamp_zone=ZoneInfo(zone),
    )
    return mapping, {i: p.quantity for i, p in enumerate(points)}


def mapped(profile_id: str, payload: dict[str, object], zone: str = "UTC") -> tuple[dict[str, object], int]:
    mapping, names = preset_map(profile_id, zone)
    samples, problem = map_payload(mapping, json.dumps(payload).encode(), 1_795_500_000_000)
    assert problem is None or "not a number" in problem
    return {names[s.point_id]: (s.value, s.quality) for s in samples}, samples[0].ts_ms


def test_tasmota_energy_block_and_local_time() -> None:
    values, ts = mapped("tasmota-energy", TASMOTA, zone="Asia/Ho_Chi_Minh")
    assert values["voltage"] == (231.0, Quality.GOOD)
    assert values["active_power"] == (pytest.approx(0.415), Quality.GOOD)
    assert values["reactive_power"] == (pytest.approx(0.174), Quality.GOOD)
    assert values["energy_import"] == (pytest.approx(152.341), Quality.GOOD)
    assert values["power_factor"] == (pytest.approx(0.92), Quality.GOOD)
    assert ts == payload_time_ms("2026-11-23T08:00:00+00:00", ZoneInfo("UTC"))  # 15:00 in Hanoi


def test_shelly_em_phases_and_a_missing_neutral() -> None:
    values, _ = mapped("shelly-gen2-em", SHELLY_EM)
    assert values["voltage_l1"] == (230.6, Quality.GOOD)
    assert values["active_power_l3"] == (pytest.approx(-0.0805), Quality.GOOD)
    assert values["active_power"] == (pytest.approx(1.0619), Quality.GOOD)
    assert values["current_n"] == (None, Quality.BAD_VALUE)  # published as null: no neutral sensor


def test_shelly_switch_state_power_and_energy() -> None:
    values, _ = mapped("shelly-gen2-switch", SHELLY_SWITCH)
    assert values["switch_on"] == (1.0, Quality.GOOD)
    assert values["active_power"] == (pytest.approx(1.2034), Quality.GOOD)
    assert values["energy_import"] == (pytest.approx(45.0215), Quality.GOOD)
    assert values["temperature"] == (41.2, Quality.GOOD)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (1_790_000_000, 1_790_000_000_000),
        (1_790_000_000.25, 1_790_000_000_250),
        (1_790_000_000_123, 1_790_000_000_123),
        (1_790_000_000_123_456, 1_790_000_000_123),
        ("2026-09-21T14:13:20Z", 1_790_000_000_000),
    ],
)
def test_payload_times_in_seconds_milliseconds_microseconds_and_iso(node: object, expected: int) -> None:
    assert payload_time_ms(node, ZoneInfo("UTC")) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.just(10**400) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=20,
)


@given(node=json_values)
def test_any_payload_time_is_a_time_or_a_path_error(node: object) -> None:
    with contextlib.suppress(PathError):
        assert isinstance(payload_time_ms(node, ZoneInfo("UTC")), int)


SOME_MAP = PayloadMap(
    (MqttPoint(1, JsonField(JsonPath.parse("a.b[0]"), 0.001)), MqttPoint(2, JsonField(JsonPath.parse("")))),
    timestamp_path=JsonPath.parse("ts"),
)


@given(document=json_values)
def test_any_json_maps_without_raising_and_good_values_are_finite(document: object) -> None:
    payload = json.dumps(document, allow_nan=True).encode()
    samples, _problem = map_payload(SOME_MAP, payload, 1_000_000)
    for sample in samples:
        assert sample.quality in (Quality.GOOD, Quality.BAD_VALUE)
        assert (sample.value is not None and math.isfinite(sample.value)) == (sample.quality == Quality.GOOD)


@given(payload=st.binary(max_size=200))
def test_any_bytes_map_without_raising(payload: bytes) -> None:
    samples, _problem = map_payload(SOME_MAP, payload, 1_000_000)
    assert all(s.quality in (Quality.GOOD, Quality.BAD_VALUE) for s in samples)
