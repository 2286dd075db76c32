"""Modbus register fields: where a value lives and how its words become a number.

Decoding follows the vendors' published maps (word order, byte order, scale, bit
positions, SunSpec scale-factor registers), so the same field definition reads any
device that implements the map, not just our simulator.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import IntEnum, StrEnum
from functools import cache


class RegisterTable(IntEnum):
    """The four Modbus data tables, valued by the function code that reads them."""

    COIL = 1
    DISCRETE_INPUT = 2
    HOLDING = 3
    INPUT = 4

    @property
    def is_bits(self) -> bool:
        return self in (RegisterTable.COIL, RegisterTable.DISCRETE_INPUT)

    @classmethod
    def from_name(cls, name: str) -> RegisterTable:
        return _TABLE_NAMES[name]


_TABLE_NAMES = {
    "coil": RegisterTable.COIL,
    "discrete": RegisterTable.DISCRETE_INPUT,
    "holding": RegisterTable.HOLDING,
    "input": RegisterTable.INPUT,
}
TABLE_NAMES = tuple(_TABLE_NAMES)


class DataType(StrEnum):
    """Encodings found in meter, inverter and controller register maps."""

    BOOL = "bool"
    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    INT64 = "int64"
    UINT64 = "uint64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    STRING = "string"

    @property
    def words(self) -> int:
        """Registers per value; 0 for strings, whose length the field gives."""
        return _LAYOUT[self][1]

    @property
    def struct_code(self) -> str:
        return _LAYOUT[self][0]


_LAYOUT: dict[DataType, tuple[str, int]] = {
    DataType.BOOL: ("H", 1),
    DataType.INT16: ("h", 1),
    DataType.UINT16: ("H", 1),
    DataType.INT32: ("i", 2),
    DataType.UINT32: ("I", 2),
    DataType.INT64: ("q", 4),
    DataType.UINT64: ("Q", 4),
    DataType.FLOAT32: ("f", 2),
    DataType.FLOAT64: ("d", 4),
    DataType.STRING: ("s", 0),
}


@cache
def _codecs(data_type: DataType, byte_order: str, words: int) -> tuple[struct.Struct, struct.Struct]:
    """(words ↔ bytes, bytes ↔ value) converters, built once per encoding."""
    word_codec = struct.Struct(("<" if byte_order == "little" else ">") + "H" * words)
    code = f"{2 * words}s" if data_type == DataType.STRING else data_type.struct_code
    return word_codec, struct.Struct(">" + code)


class DecodeError(ValueError):
    """The words read cannot be a value of the field (wrong length, NaN, "not implemented")."""


@dataclass(frozen=True, slots=True)
class RegisterField:
    """One value in a device's register map.

    ``word_order`` says which 16-bit word comes first on the wire ("big": most
    significant first, as most meters do); ``byte_order`` the order inside each word
    (Modbus itself is big-endian; a few devices swap). The engineering value is
    ``raw * scale * 10**sf + offset``, where ``sf`` is read from
    ``scale_factor_address`` (a SunSpec ``sunssf`` register) when there is one. ``bit``
    picks one bit of a 16-bit register (0 = least significant). A raw value equal to
    ``not_implemented`` is the device saying it has no value (SunSpec's 0x8000 etc.).
    """

    table: RegisterTable
    address: int
    data_type: DataType = DataType.UINT16
    word_order: str = "big"
    byte_order: str = "big"
    scale: float = 1.0
    offset: float = 0.0
    bit: int | None = None
    length: int = 0
    scale_factor_address: int | None = None
    not_implemented: int | None = None
    #: Addresses the field spans: bits for coils and discrete inputs, else registers.
    words: int = dataclass_field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.table.is_bits:
            words = 1
        else:
            words = self.length if self.data_type == DataType.STRING else self.data_type.words
        object.__setattr__(self, "words", words)

    @property
    def end(self) -> int:
        """First address after this field."""
        return self.address + self.words

    def _raw(self, words: Sequence[int]) -> int | float | bytes:
        if len(words) != self.words:
            raise DecodeError(f"{self.data_type} needs {self.words} registers, got {len(words)}")
        ordered = words if self.word_order == "big" else tuple(reversed(words))
        word_codec, value_codec = _codecs(self.data_type, self.byte_order, self.words)
        (raw,) = value_codec.unpack(word_codec.pack(*ordered))
        return raw  # type: ignore[no-any-return]

    def decode(self, words: Sequence[int], scale_exponent: int | None = None) -> float:
        """Turn the field's words (or bit), as read in address order, into its engineering value."""
        if self.table.is_bits:
            return 1.0 if words[0] else 0.0
        if self.data_type == DataType.STRING:
            raise DecodeError("a string register holds text, not a number")
        raw = self._raw(words)
        if self.not_implemented is not None and raw == self.not_implemented:
            raise DecodeError(f"register {self.address} says 'not implemented'")
        if self.bit is not None:
            return float((int(raw) >> self.bit) & 1)
        if self.data_type == DataType.BOOL:
            return 1.0 if raw else 0.0
        value = raw * self.scale  # type: ignore[operator]
        if scale_exponent is not None:
            value *= 10.0**scale_exponent
        value += self.offset
        if not math.isfinite(value):
            raise DecodeError(f"register {self.address} holds a non-finite {self.data_type} ({raw})")
        return float(value)

    def decode_text(self, words: Sequence[int]) -> str:
        """A string field's text, without the NUL or space padding devices add."""
        raw = self._raw(words)
        if not isinstance(raw, bytes):
            raise DecodeError(f"register {self.address} is a {self.data_type}, not a string")
        return raw.split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()


Decoder = Callable[[bytes, int, "int | None"], float]
BlockDecoder = Callable[[Sequence[Sequence[int]]], "list[float] | None"]
#: The fields one read returns, its first address and its number of registers.
Block = tuple[Sequence[RegisterField], int, int]


def _is_plain(field: RegisterField) -> bool:
    """A number in Modbus's own layout, big-endian words and bytes: a single struct code decodes it."""
    return not (
        field.table.is_bits
        or field.bit is not None
        or field.word_order != "big"
        or field.byte_order != "big"
        or field.data_type in (DataType.STRING, DataType.BOOL)
    )


def compile_decoder(field: RegisterField) -> Decoder:
    """A decoder of the field's value from a block of registers packed big-endian, made once.

    Polling decodes thousands of values a second; specialising the common case (big
    word and byte order, no bit) to one ``unpack_from`` keeps that cheap. Other fields
    fall back to :meth:`RegisterField.decode`.
    """
    if not _is_plain(field):
        words = struct.Struct(f">{field.words}H")
        return lambda blob, pos, exponent: field.decode(words.unpack_from(blob, pos), exponent)
    codec = struct.Struct(">" + field.data_type.struct_code)
    scale, offset, missing, address = field.scale, field.offset, field.not_implemented, field.address

    def decode(blob: bytes, pos: int, exponent: int | None) -> float:
        (raw,) = codec.unpack_from(blob, pos)
        if raw == missing:
            raise DecodeError(f"register {address} says 'not implemented'")
        value = raw * scale if exponent is None else raw * scale * 10.0**exponent
        value += offset
        if value - value != 0:  # NaN or infinity, without a function call
            raise DecodeError(f"register {address} holds a non-finite value ({raw})")
        return float(value)

    return decode


def compile_block_decoder(blocks: Sequence[Block]) -> BlockDecoder | None:
    """A decoder of all the fields of several reads at once, from the registers each returned.

    Decoding field by field costs a pack, an unpack and a function call per value, which at
    polling rates is a large share of the driver thread's time. Plain numbers in address
    order, not overlapping, without a SunSpec scale factor, are instead one struct per read
    and one multiply and one add per value, mapped in C over all the reads together. None
    when the fields do not allow this.

    The decoder returns the values read after read, each in the order of its fields,
    exactly as the per-field decoders would; or None when a read holds a value they would
    refuse (not finite, "not implemented") or is not as long as asked: the caller then
    decodes field by field, so that each refusal is reported for its own point.
    """
    unpackers = []
    scales: list[float] = []
    offsets: list[float] = []
    markers: list[tuple[int, int]] = []
    for fields, start, count in blocks:
        layout = ">"
        end = start
        for field in fields:
            if not _is_plain(field) or field.scale_factor_address is not None or field.address < end:
                return None
            if not isinstance(field.scale, float) and not isinstance(field.offset, float):
                return None  # an integer result, which only the per-field decoder turns into a float
            if field.not_implemented is not None:
                markers.append((len(scales), field.not_implemented))
            scales.append(field.scale)
            offsets.append(field.offset)
            gap = field.address - end
            layout += (f"{2 * gap}x" if gap else "") + field.data_type.struct_code
            end = field.end
        if end > start + count:
            return None
        unpackers.append((count, struct.Struct(f">{count}H").pack, struct.Struct(layout).unpack_from))

    def decode(answers: Sequence[Sequence[int]]) -> list[float] | None:
        raws: tuple[int | float, ...] = ()
        for (count, pack, unpack), registers in zip(unpackers, answers, strict=True):
            if len(registers) != count:
                return None
            raws += unpack(pack(*registers))
        values = list(map(operator.add, map(operator.mul, raws, scales), offsets))
        total = sum(values)
        if total - total != 0:  # NaN or infinity somewhere, or a sum too large to tell
            return None
        if markers and any(raws[i] == marker for i, marker in markers):
            return None
        return values

    return decode


#: SunSpec scale factors are int16 exponents; this raw value means "not implemented".
SUNSSF_NOT_IMPLEMENTED = -0x8000


def decode_scale_exponent(word: int) -> int:
    """A SunSpec ``sunssf`` register as a power of ten (-10..10)."""
    (exponent,) = struct.unpack(">h", struct.pack(">H", word))
    if exponent == SUNSSF_NOT_IMPLEMENTED or not -10 <= exponent <= 10:
        raise DecodeError(f"scale factor {exponent} is not usable")
    return int(exponent)
