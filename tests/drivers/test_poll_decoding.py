"""A poll gives every point exactly its own field's decoding of the registers read.

The poller decodes whole blocks at once when it can and point by point otherwise; these
properties hold it to :meth:`RegisterField.decode` either way, on a link answering from a
register image.
"""

from __future__ import annotations

import asyncio
import dataclasses
import struct
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from drivers.base import Quality
from drivers.modbus_link import DeviceExceptionError
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusPoint
from drivers.registers import DataType, DecodeError, RegisterField, RegisterTable
from tests.drivers.test_registers import register_blocks


class ImageLink:
    """A device answering from a register image; a read touching a hole is refused (exception 2)."""

    def __init__(self, image: dict[int, int], holes: frozenset[int] = frozenset()) -> None:
        self.image = image
        self.holes = holes
        self.on_connect: list[Callable[[], None]] = []

    async def read(self, table: RegisterTable, start: int, count: int, unit: int) -> list[int]:
        if self.holes.intersection(range(start, start + count)):
            raise DeviceExceptionError(2, f"unit {unit} {start}..{start + count - 1}")
        return [self.image.get(a, 0) for a in range(start, start + count)]


def expected(field: RegisterField, image: dict[int, int]) -> tuple[float | None, int]:
    try:
        return field.decode([image.get(a, 0) for a in range(field.address, field.end)]), Quality.GOOD
    except DecodeError:
        return None, Quality.BAD_VALUE


def poll(fields: list[RegisterField], link: ImageLink, *, max_gap: int, polls: int = 1) -> list[list[tuple]]:
    device = ModbusDevice(
        "site/image", 7, tuple(ModbusPoint(100 + i, f) for i, f in enumerate(fields)), max_gap=max_gap
    )
    poller = DevicePoller(device, link, shared_link=False)  # type: ignore[arg-type]

    async def run() -> list[list[tuple]]:
        batches = [await poller.poll_once() for _ in range(polls)]
        return [[(s.point_id, s.value, s.quality) for s in b.samples] for b in batches]

    return asyncio.run(run())


def bit_for_bit(rows: list[tuple]) -> list[tuple]:
    """Values as their bytes, so that even the sign of a zero must be the same."""
    return [
        (point, None if value is None else struct.pack(">d", value), quality)
        for point, value, quality in rows
    ]


@st.composite
def devices(draw: st.DrawFn) -> tuple[list[RegisterField], dict[int, int]]:
    """Clusters of fields far enough apart to be separate reads, listed in any order."""
    fields: list[RegisterField] = []
    image: dict[int, int] = {}
    for cluster in range(draw(st.integers(1, 4))):
        block, start, registers = draw(register_blocks())
        base = 2000 * cluster
        fields += [dataclasses.replace(f, address=base + f.address) for f in block]
        image.update({base + start + i: w for i, w in enumerate(registers)})
    if draw(st.booleans()):  # a second bit of a register some field already reads
        fields.append(RegisterField(RegisterTable.HOLDING, fields[0].address, DataType.UINT16, bit=15))
    return draw(st.permutations(fields)), image


@given(device=devices(), max_gap=st.integers(0, 3))
def test_every_point_gets_its_own_fields_value_in_its_own_place(
    device: tuple[list[RegisterField], dict[int, int]], max_gap: int
) -> None:
    fields, image = device
    (samples,) = poll(fields, ImageLink(image), max_gap=max_gap)
    want = [(100 + i, *expected(f, image)) for i, f in enumerate(fields)]
    assert bit_for_bit(samples) == bit_for_bit(want)


def test_after_a_refused_read_is_split_the_parts_decode_every_point() -> None:
    # Registers 2 and 3 do not exist: the read bridging them is refused, then read as two.
    fields = [
        RegisterField(RegisterTable.HOLDING, 4, DataType.FLOAT32),
        RegisterField(RegisterTable.HOLDING, 0, DataType.INT32, scale=0.1),
    ]
    image = {0: 0xFFFF, 1: 0xFF9C, 4: 0x4366, 5: 0x8000}
    first, second, third = poll(fields, ImageLink(image, frozenset({2, 3})), max_gap=2, polls=3)
    assert first == [(100, None, Quality.BAD_VALUE), (101, None, Quality.BAD_VALUE)]
    assert second == third == [(100, 230.5, Quality.GOOD), (101, -10.0, Quality.GOOD)]
