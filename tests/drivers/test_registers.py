"""Register decoding against vendors' published encodings, plus round-trip properties."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.registers import DataType, DecodeError, RegisterField, RegisterTable, compile_decoder


def field(data_type: DataType, **kwargs: object) -> RegisterField:
    return RegisterField(RegisterTable.INPUT, 0, data_type, **kwargs)  # type: ignore[arg-type]


def test_sdm630_float_high_word_first() -> None:
    # 230.0 V as an IEEE 754 single is 0x43660000: the SDM630 sends 0x4366 then 0x0000.
    assert field(DataType.FLOAT32).decode([0x4366, 0x0000]) == 230.0


def test_little_word_order_swaps_registers_not_bytes() -> None:
    assert field(DataType.FLOAT32, word_order="little").decode([0x0000, 0x4366]) == 230.0


def test_byte_swapped_words() -> None:
    assert field(DataType.UINT16, byte_order="little").decode([0x3412]) == 0x1234


@pytest.mark.parametrize(
    ("data_type", "words", "expected"),
    [
        (DataType.INT16, [0xFFFF], -1),
        (DataType.UINT16, [0xFFFF], 65535),
        (DataType.INT32, [0xFFFF, 0xFFFE], -2),
        (DataType.UINT32, [0x0001, 0x0000], 65536),
        (DataType.INT64, [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], -1),
        (DataType.UINT64, [0x0000, 0x0000, 0x0001, 0x0000], 65536),
        (DataType.FLOAT64, list(struct.unpack(">4H", struct.pack(">d", 49.98))), 49.98),
    ],
)
def test_integer_and_double_layouts(data_type: DataType, words: list[int], expected: float) -> None:
    assert field(data_type).decode(words) == expected


def test_scale_and_offset_give_engineering_units() -> None:
    # A generator controller reports coolant temperature in tenths of a degree.
    assert field(DataType.INT16, scale=0.1).decode([0xFFF6]) == pytest.approx(-1.0)
    assert field(DataType.UINT16, scale=0.5, offset=-40).decode([100]) == 10.0


def test_non_finite_float_is_refused() -> None:
    with pytest.raises(DecodeError, match="non-finite"):
        field(DataType.FLOAT32).decode([0x7FC0, 0x0000])  # NaN


def test_wrong_register_count_is_refused() -> None:
    with pytest.raises(DecodeError, match="needs 2 registers"):
        field(DataType.FLOAT32).decode([0x4366])


orders = st.sampled_from(["big", "little"])


def device_words(code: str, value: float, word_order: str, byte_order: str) -> list[int]:
    """How a device lays a value out: big-endian bytes, then words and bytes swapped as configured."""
    data = struct.pack(">" + code, value)
    words = [data[i : i + 2] for i in range(0, len(data), 2)]
    if word_order == "little":
        words.reverse()
    return [int.from_bytes(w, "little" if byte_order == "little" else "big") for w in words]


@given(value=st.integers(-(2**31), 2**31 - 1), word_order=orders, byte_order=orders)
def test_int32_in_any_order(value: int, word_order: str, byte_order: str) -> None:
    f = field(DataType.INT32, word_order=word_order, byte_order=byte_order)
    assert f.decode(device_words("i", value, word_order, byte_order)) == value


@given(value=st.floats(width=32, allow_nan=False, allow_infinity=False), word_order=orders, byte_order=orders)
def test_float32_in_any_order(value: float, word_order: str, byte_order: str) -> None:
    f = field(DataType.FLOAT32, word_order=word_order, byte_order=byte_order)
    assert f.decode(device_words("f", value, word_order, byte_order)) == value


@given(value=st.integers(0, 2**64 - 1), word_order=orders)
def test_uint64_in_any_word_order(value: int, word_order: str) -> None:
    f = field(DataType.UINT64, word_order=word_order)
    assert f.decode(device_words("Q", value, word_order, "big")) == float(value)


@given(words=st.lists(st.integers(0, 0xFFFF), min_size=2, max_size=2), exponent=st.integers(-10, 10))
def test_compiled_decoder_agrees_with_decode(words: list[int], exponent: int) -> None:
    f = field(DataType.INT32, scale=0.5, offset=1.0)
    blob = struct.pack(">2H", *words)
    assert compile_decoder(f)(blob, 0, exponent) == f.decode(words, exponent)


@given(words=st.lists(st.integers(0, 0xFFFF), min_size=2, max_size=2))
def test_any_float32_words_decode_or_refuse(words: list[int]) -> None:
    try:
        value = field(DataType.FLOAT32).decode(words)
    except DecodeError:
        return
    assert math.isfinite(value)
