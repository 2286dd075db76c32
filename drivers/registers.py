"""Modbus register fields: where a value lives and how its words become a number.

Decoding follows the vendors' published maps (word order, byte order, scale), so the
same field definition reads any device that implements the map, not just our simulator.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import cache


class RegisterTable(IntEnum):
    """The Modbus register tables, valued by the function code that reads them."""

    HOLDING = 3
    INPUT = 4

    @classmethod
    def from_name(cls, name: str) -> RegisterTable:
        return _TABLE_NAMES[name]


_TABLE_NAMES = {
    "holding": RegisterTable.HOLDING,
    "input": RegisterTable.INPUT,
}
TABLE_NAMES = tuple(_TABLE_NAMES)


class DataType(StrEnum):
    """Numeric encodings found in meter and controller register maps."""

    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    INT64 = "int64"
    UINT64 = "uint64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"

    @property
    def words(self) -> int:
        return _LAYOUT[self][1]

    @property
    def struct_code(self) -> str:
        return _LAYOUT[self][0]


_LAYOUT: dict[DataType, tuple[str, int]] = {
    DataType.INT16: ("h", 1),
    DataType.UINT16: ("H", 1),
    DataType.INT32: ("i", 2),
    DataType.UINT32: ("I", 2),
    DataType.INT64: ("q", 4),
    DataType.UINT64: ("Q", 4),
    DataType.FLOAT32: ("f", 2),
    DataType.FLOAT64: ("d", 4),
}


@cache
def _codecs(data_type: DataType, byte_order: str) -> tuple[struct.Struct, struct.Struct]:
    """(words ↔ bytes, bytes ↔ value) converters, built once per encoding."""
    words = struct.Struct(("<" if byte_order == "little" else ">") + "H" * data_type.words)
    return words, struct.Struct(">" + data_type.struct_code)


class DecodeError(ValueError):
    """The words read cannot be a value of the field (wrong length, NaN, infinity)."""


@dataclass(frozen=True, slots=True)
class RegisterField:
    """One value in a device's register map.

    ``word_order`` says which 16-bit word comes first on the wire ("big": most
    significant first, as most meters do); ``byte_order`` the order inside each word
    (Modbus itself is big-endian; a few devices swap). The engineering value is
    ``raw * scale + offset``.
    """

    table: RegisterTable
    address: int
    data_type: DataType = DataType.UINT16
    word_order: str = "big"
    byte_order: str = "big"
    scale: float = 1.0
    offset: float = 0.0

    @property
    def words(self) -> int:
        return self.data_type.words

    @property
    def end(self) -> int:
        """First address after this field."""
        return self.address + self.words

    def decode(self, words: Sequence[int]) -> float:
        """Turn the field's words, as read in address order, into its engineering value."""
        if len(words) != self.data_type.words:
            raise DecodeError(f"{self.data_type} needs {self.data_type.words} registers, got {len(words)}")
        ordered = words if self.word_order == "big" else tuple(reversed(words))
        words_codec, value_codec = _codecs(self.data_type, self.byte_order)
        (raw,) = value_codec.unpack(words_codec.pack(*ordered))
        value = raw * self.scale + self.offset
        if not math.isfinite(value):
            raise DecodeError(f"register {self.address} holds a non-finite {self.data_type} ({raw})")
        return float(value)

    def encode(self, value: float) -> list[int]:
        """The words a device would hold for ``value``; the inverse of :meth:`decode`."""
        raw = (value - self.offset) / self.scale
        if self.data_type not in (DataType.FLOAT32, DataType.FLOAT64):
            raw = round(raw)
        words_codec, value_codec = _codecs(self.data_type, self.byte_order)
        words = list(words_codec.unpack(value_codec.pack(raw)))
        return words if self.word_order == "big" else list(reversed(words))
