from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.json_path import JsonPath, PathError

TASMOTA = json.loads('{"Time":"2026-11-23T08:00:00","ENERGY":{"Total":12.5,"Power":[120,0],"Voltage":231}}')


@pytest.mark.parametrize(
    ("path", "expected"), [("ENERGY.Total", 12.5), ("ENERGY.Power[0]", 120.0), ("ENERGY.Voltage", 231.0)]
)
def test_nested_keys_and_indices(path: str, expected: float) -> None:
    assert JsonPath.parse(path).number(TASMOTA) == expected


def test_empty_path_reads_a_bare_number() -> None:
    assert JsonPath.parse("").number(json.loads("42.5")) == 42.5


def test_numeric_strings_and_booleans() -> None:
    assert JsonPath.parse("v").number({"v": "3.25"}) == 3.25
    assert JsonPath.parse("on").number({"on": True}) == 1.0


@pytest.mark.parametrize(
    ("path", "document", "message"),
    [
        ("ENERGY.Current", TASMOTA, "no key"),
        ("ENERGY.Power[5]", TASMOTA, "no element 5"),
        ("Time", TASMOTA, "is not a number"),
        ("ENERGY", TASMOTA, "dict is not a number"),
        ("v", {"v": float("nan")}, "not finite"),
    ],
)
def test_missing_or_unusable_values_say_why(path: str, document: object, message: str) -> None:
    with pytest.raises(PathError, match=message):
        JsonPath.parse(path).number(document)


@pytest.mark.parametrize("text", ["a..b", "a.", "[x]", "a[1"])
def test_malformed_paths_are_refused(text: str) -> None:
    with pytest.raises(PathError, match="cannot parse"):
        JsonPath.parse(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)


@given(document=json_values)
def test_any_document_gives_a_number_or_a_path_error(document: object) -> None:
    try:
        value = JsonPath.parse("a.b[0]").number(document)
    except PathError:
        return
    assert value == value  # a number, never NaN
