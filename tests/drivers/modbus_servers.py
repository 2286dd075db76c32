"""Real pymodbus servers with hand-made register contents, for driver tests."""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from simulator.net import free_port, wait_for_port


def float_words(value: float) -> list[int]:
    """IEEE 754 single, high word first, as Eastron documents it."""
    return list(struct.unpack(">HH", struct.pack(">f", value)))


@contextmanager
def modbus_server(
    input_registers: dict[int, int],
    unit: int = 1,
    holding_registers: dict[int, int] | None = None,
    port: int | None = None,
) -> Iterator[int]:
    """Serve the given register contents on a free loopback port; yields the port.

    Only the listed addresses exist; reading any other gives exception 2, as on a
    real device that does not implement it.
    """

    def block(registers: dict[int, int]) -> list[SimData]:
        if not registers:
            return [SimData(60000, count=1, values=0, datatype=DataType.REGISTERS)]
        return [
            SimData(a, count=1, values=v, datatype=DataType.REGISTERS) for a, v in sorted(registers.items())
        ]

    port = port or free_port()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    holder: dict[str, ModbusTcpServer] = {}

    async def serve() -> None:
        device = SimDevice(
            unit,
            simdata=(
                [SimData(0, count=16, values=False, datatype=DataType.BITS)],
                [SimData(0, count=16, values=False, datatype=DataType.BITS)],
                block(holding_registers or {}),
                block(input_registers),
            ),
        )
        holder["server"] = ModbusTcpServer(device, address=("127.0.0.1", port))
        await holder["server"].serve_forever()

    asyncio.run_coroutine_threadsafe(serve(), loop)
    assert wait_for_port("127.0.0.1", port, 10)
    try:
        yield port
    finally:
        asyncio.run_coroutine_threadsafe(holder["server"].shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
