"""Register decoding against vendors' published encodings, plus round-trip properties."""

from __future__ import annotations

import dataclasses
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.registers import (
    DataType,
    DecodeError,
    RegisterField,
    RegisterTable,
    compile_block_decoder,
    compile_decoder,
)


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


NUMBERS = [t for t in DataType if t not in (DataType.STRING, DataType.BOOL)]
SCALES = st.sampled_from([1.0, 0.1, 0.001, -0.5, 10.0, 0.0]) | st.floats(
    allow_nan=False, allow_infinity=False, width=32
)
OFFSETS = st.sampled_from([0.0, -0.0, -40.0, 273.15])


#: Words that make floats infinite or NaN, integers all ones, or zero, among any others.
WORDS = st.integers(0, 0xFFFF) | st.sampled_from([0x7F80, 0x7FC0, 0xFF80, 0x7FF0, 0xFFF8, 0xFFFF, 0x8000, 0])


@st.composite
def register_blocks(draw: st.DrawFn) -> tuple[list[RegisterField], int, list[int]]:
    """Fields side by side with small gaps, as a planned read holds them, and the registers read."""
    start = address = draw(st.integers(0, 1000))
    fields = []
    for _ in range(draw(st.integers(1, 6))):
        address += draw(st.integers(0, 2))
        f = RegisterField(
            RegisterTable.HOLDING,
            address,
            draw(st.sampled_from(NUMBERS)),
            scale=draw(SCALES),
            offset=draw(OFFSETS),
        )
        fields.append(f)
        address = f.end
    count = address - start + draw(st.integers(0, 2))
    registers = draw(st.lists(WORDS, min_size=count, max_size=count))
    k = draw(st.integers(0, len(fields) - 1))
    unusual = draw(st.sampled_from(["", "", "", "", "marker", "marker", "word_order", "byte_order", "bit"]))
    if unusual in ("word_order", "byte_order"):
        fields[k] = dataclasses.replace(fields[k], **{unusual: "little"})
    elif unusual == "bit":
        fields[k] = dataclasses.replace(fields[k], data_type=DataType.UINT16, bit=draw(st.integers(0, 15)))
    elif unusual == "marker":  # "not implemented", sometimes the very value the device holds
        f = fields[k]
        data = struct.pack(f">{f.words}H", *registers[f.address - start : f.end - start])
        (raw,) = struct.unpack(">" + f.data_type.struct_code, data)
        marker = raw if draw(st.booleans()) and isinstance(raw, int) else 0xFFFF
        fields[k] = dataclasses.replace(fields[k], not_implemented=marker)
    return fields, start, registers


def per_field(fields: list[RegisterField], start: int, registers: list[int]) -> list[float | None]:
    values: list[float | None] = []
    for f in fields:
        try:
            values.append(f.decode(registers[f.address - start : f.end - start]))
        except DecodeError:
            values.append(None)
    return values


@given(blocks=st.lists(register_blocks(), min_size=1, max_size=3))
def test_block_decoder_gives_exactly_the_per_field_values_or_defers_to_them(
    blocks: list[tuple[list[RegisterField], int, list[int]]],
) -> None:
    decode = compile_block_decoder([(fields, start, len(registers)) for fields, start, registers in blocks])
    plain = all(f.bit is None and f.word_order == f.byte_order == "big" for b in blocks for f in b[0])
    assert (decode is not None) == plain
    if decode is None:
        return
    expected = [value for fields, start, registers in blocks for value in per_field(fields, start, registers)]
    answers = [registers for _, _, registers in blocks]
    values = decode(answers)
    if values is None:  # only when a value is refused, or too large to sum
        assert None in expected or not math.isfinite(sum(expected))  # type: ignore[arg-type]
    else:
        # Bit for bit, so that even the sign of a zero is the same.
        assert struct.pack(f">{len(values)}d", *values) == struct.pack(f">{len(expected)}d", *expected)
        assert decode([*answers[:-1], answers[-1][:-1]]) is None  # a short answer goes the careful way


def test_block_decoder_leaves_to_the_per_field_decoders_what_it_cannot_do_exactly() -> None:
    low = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT32)
    high = RegisterField(RegisterTable.HOLDING, 1, DataType.UINT16)
    assert compile_block_decoder([([low, high], 0, 2)]) is None  # overlapping
    assert compile_block_decoder([([high, low], 0, 2)]) is None  # not in address order
    assert compile_block_decoder([([low], 0, 1)]) is None  # the field does not fit in the read
    integral = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT64, scale=3, offset=1)  # type: ignore[arg-type]
    assert compile_block_decoder([([integral], 0, 4)]) is None  # an int result, made a float only per field
    sunspec = RegisterField(RegisterTable.HOLDING, 0, DataType.INT16, scale_factor_address=1)
    assert compile_block_decoder([([low], 0, 2), ([sunspec], 0, 1)]) is None
