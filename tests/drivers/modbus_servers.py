"""Real pymodbus servers with hand-made register contents, for driver tests."""

from __future__ import annotations

import asyncio
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pymodbus.server import ModbusBaseServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimAction, SimData, SimDevice

from drivers.base import Driver, SampleBatch
from drivers.host import DriverHost
from drivers.modbus_link import ModbusLink, TcpTransport
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusPoint
from drivers.profiles import builtin_profiles
from simulator.net import free_port, wait_for_port


def float_words(value: float) -> list[int]:
    """IEEE 754 single, high word first, as Eastron documents it."""
    return list(struct.unpack(">HH", struct.pack(">f", value)))


def _block(registers: dict[int, int]) -> list[SimData]:
    if not registers:
        return [SimData(60000, count=1, values=0, datatype=DataType.REGISTERS)]
    return [SimData(a, count=1, values=v, datatype=DataType.REGISTERS) for a, v in sorted(registers.items())]


def sim_device(
    unit: int,
    input_registers: dict[int, int] | None = None,
    holding_registers: dict[int, int] | None = None,
    coils: list[bool] | None = None,
    action: SimAction | None = None,
) -> SimDevice:
    """A device with separate tables; only the listed addresses exist (others answer exception 2)."""
    return SimDevice(
        unit,
        simdata=(
            [SimData(0, values=coils or [False] * 16, datatype=DataType.BITS)],
            [SimData(0, count=16, values=False, datatype=DataType.BITS)],
            _block(holding_registers or {}),
            _block(input_registers or {}),
        ),
        action=action,
    )


@contextmanager
def serve(
    make_server: Callable[[], ModbusBaseServer], ready: Callable[[], bool] = lambda: True
) -> Iterator[None]:
    """Run a pymodbus server (built on its own loop thread) until the block ends."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    holder: dict[str, ModbusBaseServer] = {}

    async def run() -> None:
        holder["server"] = make_server()
        await holder["server"].serve_forever()

    running = asyncio.run_coroutine_threadsafe(run(), loop)
    assert ready(), running
    try:
        yield
    finally:
        if "server" in holder:
            asyncio.run_coroutine_threadsafe(holder["server"].shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@contextmanager
def modbus_server(
    input_registers: dict[int, int],
    unit: int = 1,
    holding_registers: dict[int, int] | None = None,
    port: int | None = None,
) -> Iterator[int]:
    """Serve one device's register contents on a loopback TCP port; yields the port."""
    port = port or free_port()
    device = sim_device(unit, input_registers, holding_registers)
    with serve(
        lambda: ModbusTcpServer(device, address=("127.0.0.1", port)),
        lambda: wait_for_port("127.0.0.1", port, 10),
    ):
        yield port


def profile_poller(
    port: int,
    profile_id: str,
    quantities: list[str] | None = None,
    *,
    unit: int = 1,
    timeout_s: float = 0.5,
    interval_s: float = 1.0,
    host: str = "127.0.0.1",
) -> tuple[DevicePoller, dict[int, str]]:
    """A poller for a profile's points (all, or the named quantities), with the profile's read plan.

    Returns it with the point-id → quantity map, point ids being positions in the profile.
    """
    profile = builtin_profiles()[profile_id]
    chosen = [(i, p) for i, p in enumerate(profile.points) if quantities is None or p.quantity in quantities]
    device = ModbusDevice(
        name=f"site/{profile_id}",
        unit_id=unit,
        points=tuple(ModbusPoint(i, p.field, p.sunspec) for i, p in chosen),
        interval_s=interval_s,
        max_gap=profile.max_gap,
        max_count=profile.max_registers_per_read,
    )
    link = ModbusLink(
        device.name, TcpTransport(host, port), timeout_s=timeout_s, reconnect_min_s=0.1, reconnect_max_s=0.2
    )
    return DevicePoller(device, link, shared_link=False), {i: p.quantity for i, p in chosen}


def poll(poller: DevicePoller) -> dict[str, tuple[float | None, int]]:
    """One poll on a fresh event loop, as {point id: (value, quality)}; closes the link after."""

    async def once() -> dict[str, tuple[float | None, int]]:
        try:
            batch = await poller.poll_once()
        finally:
            poller.link.close()
        return {s.point_id: (s.value, s.quality) for s in batch.samples}  # type: ignore[misc]

    return asyncio.run(once())


def run_drivers(drivers: list[Driver], seconds: float) -> list[SampleBatch]:
    """Run drivers on a real driver host for an observation window; returns every batch emitted."""
    batches: list[SampleBatch] = []
    lock = threading.Lock()

    def sink(batch: SampleBatch) -> None:
        with lock:
            batches.append(batch)

    host = DriverHost(drivers, sink)
    host.start()
    try:
        time.sleep(seconds)
    finally:
        host.stop()
    return batches
