"""Gateways and devices changed in the site file's text: only their own lines move."""

from __future__ import annotations

import difflib

import pytest

from app.site.config import parse_site
from app.site.site_edits import EditError, device_text, put_device, put_gateway, remove_device, remove_gateway
from simulator.plant import SITE_TEMPLATE, Endpoint

TEXT = SITE_TEMPLATE.format(
    modbus=Endpoint("127.0.0.1", 5020), mqtt=Endpoint("127.0.0.1", 1883), site="demo", topic="plant/env"
)


def _diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_adding_then_removing_gives_back_the_same_text() -> None:
    for gateway, values in (
        ("sim-gateway", {"id": "m2", "unit_id": 9}),
        ("sim-broker", {"id": "m2", "topic": "a/b"}),
    ):
        added = put_device(TEXT, "demo", gateway, values)
        parse_site(added, "site.toml")
        assert remove_device(added, "demo", gateway, "m2") == TEXT
    with_gateway = put_gateway(
        TEXT, "demo", {"id": "bus", "protocol": "modbus-rtu", "serial_port": "/dev/ttyUSB0"}
    )
    assert remove_gateway(with_gateway, "demo", "bus") == TEXT


def test_a_device_added_last_goes_above_the_comment_that_introduces_the_alarm_rules() -> None:
    added = put_device(TEXT, "demo", "sim-broker", {"id": "m2", "topic": "a/b"})
    lines = added.splitlines()
    comment = lines.index("# One example rule for each simulated fault, then one of each other kind.")
    assert lines[comment - 4 : comment] == ["[[sites.gateways.devices]]", 'id = "m2"', 'topic = "a/b"', ""]


def test_editing_sets_and_removes_keys_in_place_and_keeps_the_others() -> None:
    edited = put_device(
        TEXT,
        "demo",
        "sim-gateway",
        {"id": "main-meter", "name": "Incomer", "interval_s": None},
        was=("sim-gateway", "main-meter"),
    )
    assert sorted(_diff(TEXT, edited)) == [
        '+name = "Incomer"',
        "-interval_s = 1.0",
        '-name = "Main incomer meter"',
    ]
    moved = put_device(
        TEXT,
        "demo",
        "sim-broker",
        {"id": "genset", "unit_id": None, "profile": None, "topic": "g"},
        was=("sim-gateway", "genset"),
    )
    assert 'id = "genset"' in device_text(moved, "demo", "genset") and "unit_id" not in device_text(
        moved, "demo", "genset"
    )
    assert device_text(moved, "demo", "genset").endswith('interval_s = 1.0\ntopic = "g"\n')


def test_naming_what_is_not_there_says_so() -> None:
    with pytest.raises(EditError, match="no gateway demo/nowhere"):
        put_device(TEXT, "demo", "nowhere", {"id": "x"})
    with pytest.raises(EditError, match="no device demo/ghost"):
        remove_device(TEXT, "demo", "sim-gateway", "ghost")
