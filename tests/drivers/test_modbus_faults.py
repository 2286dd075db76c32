"""A misbehaving field, produced for real: exception answers, wrong transaction ids, frames cut short,
garbage, and a server that accepts and never answers. Every fault becomes a quality on the affected
points; the poller never raises and recovers when the device behaves again.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from pymodbus.constants import ExcCodes
from pymodbus.server import ModbusTcpServer

from drivers.base import Quality
from drivers.modbus_link import ModbusLink, TcpTransport
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusLinkDriver, ModbusPoint
from drivers.registers import DataType, RegisterField, RegisterTable
from simulator.net import free_port, wait_for_port
from tests.drivers.modbus_servers import modbus_server, run_drivers, serve, sim_device

FIELD = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16)
Behaviour = Callable[[int, int, int], bytes | None]  # (request count, transaction id, unit) → reply bytes
CLOSE = b"|close"  # a reply ending so is sent, then the connection is closed


def good_reply(tid: int, unit: int, value: int = 42) -> bytes:
    return struct.pack(">HHHBBBH", tid, 0, 5, unit, 3, 2, value)


@contextmanager
def raw_server(behaviour: Behaviour) -> Iterator[int]:
    """A TCP server that frames its replies by hand; ``None`` from the behaviour means silence,
    a reply ending with ``CLOSE`` is followed by closing the connection."""
    port = free_port()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    count = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        try:
            while True:
                header = await reader.readexactly(7)
                tid, _pid, length, unit = struct.unpack(">HHHB", header)
                await reader.readexactly(length - 1)
                count += 1
                reply = behaviour(count, tid, unit)
                if reply is None:
                    continue
                writer.write(reply.removesuffix(CLOSE))
                await writer.drain()
                if reply.endswith(CLOSE):
                    writer.close()
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = asyncio.run_coroutine_threadsafe(asyncio.start_server(handle, "127.0.0.1", port), loop).result(5)
    assert wait_for_port("127.0.0.1", port, 5)
    try:
        yield port
    finally:
        # On the server's own loop: a connection ending there at the same moment also updates it.
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def poller(port: int, unit: int = 1, interval_s: float = 1.0) -> DevicePoller:
    device = ModbusDevice(f"site/unit-{unit}", unit, (ModbusPoint(unit, FIELD),), interval_s=interval_s)
    link = ModbusLink(
        device.name, TcpTransport("127.0.0.1", port), timeout_s=0.3, reconnect_min_s=0.05, reconnect_max_s=0.1
    )
    return DevicePoller(device, link, shared_link=False)


def polls(target: DevicePoller, count: int) -> list[tuple[float | None, int]]:
    async def scenario() -> list[tuple[float | None, int]]:
        seen = []
        for _ in range(count):
            sample = (await target.poll_once()).samples[0]
            seen.append((sample.value, sample.quality))
            await asyncio.sleep(0.15)  # past the reconnect back-off, as the poll interval would be
        target.link.close()
        return seen

    return asyncio.run(scenario())


@pytest.mark.parametrize(
    ("code", "quality"),
    [
        (ExcCodes.ILLEGAL_FUNCTION, Quality.BAD_VALUE),
        (ExcCodes.ILLEGAL_ADDRESS, Quality.BAD_VALUE),
        (ExcCodes.ILLEGAL_VALUE, Quality.BAD_VALUE),
        (ExcCodes.DEVICE_FAILURE, Quality.BAD_VALUE),
        (ExcCodes.GATEWAY_PATH_UNAVIABLE, Quality.COMM_ERROR),
        (ExcCodes.GATEWAY_NO_RESPONSE, Quality.COMM_ERROR),
    ],
)
def test_exception_answers_become_qualities(code: ExcCodes, quality: Quality) -> None:
    async def answer_with_exception(*_args: object) -> ExcCodes:
        return code

    port = free_port()
    device = sim_device(1, holding_registers={0: 42}, action=answer_with_exception)
    with serve(
        lambda: ModbusTcpServer(device, address=("127.0.0.1", port)),
        lambda: wait_for_port("127.0.0.1", port, 10),
    ):
        target = poller(port)
        result = polls(target, 1)
    assert result == [(None, quality)]
    assert f"exception {int(code)}" in str(target.health.reason)


@pytest.mark.parametrize(
    ("fault", "name"),
    [
        (lambda tid, unit: good_reply(tid + 1, unit), "wrong transaction id"),
        (lambda tid, unit: good_reply(tid, unit)[:9] + CLOSE, "connection reset mid-frame"),
        (lambda tid, unit: b"\x00\x01garbage\xff\xff", "garbage"),
        (lambda tid, unit: None, "accepts and never answers"),
        (lambda tid, unit: good_reply(tid, unit + 1), "answer from another unit"),
    ],
)
def test_broken_answers_are_comm_errors_and_the_poller_recovers(
    fault: Callable[[int, int], bytes | None], name: str
) -> None:
    def behaviour(count: int, tid: int, unit: int) -> bytes | None:
        return fault(tid, unit) if count == 1 else good_reply(tid, unit)

    with raw_server(behaviour) as port:
        seen = polls(poller(port), 6)
    assert seen[0] == (None, Quality.COMM_ERROR), name
    assert seen[-1] == (42.0, Quality.GOOD), (name, seen)


def test_a_server_that_never_answers_does_not_slow_its_neighbours() -> None:
    with (
        raw_server(lambda count, tid, unit: None) as silent_port,
        raw_server(lambda count, tid, unit: good_reply(tid, unit)) as good_port,
    ):
        silent, good = poller(silent_port, 1, interval_s=0.1), poller(good_port, 2, interval_s=0.1)
        batches = run_drivers(
            [ModbusLinkDriver(p.link, [p.device], shared=False) for p in (silent, good)], 2.0
        )
    qualities = {
        unit: [s.quality for b in batches for s in b.samples if s.point_id == unit] for unit in (1, 2)
    }
    assert set(qualities[1]) == {Quality.COMM_ERROR}
    assert qualities[2].count(Quality.GOOD) >= 15  # about 20 polls in 2 s at 0.1 s


def test_values_return_after_a_modbus_server_restart_on_the_same_port() -> None:
    port = free_port()
    target = poller(port)

    async def scenario() -> list[tuple[float | None, int]]:
        seen = []
        for registers in ({0: 1}, None, {0: 2}):
            if registers is None:
                seen.append(((await target.poll_once()).samples[0].value, 0))
                continue
            with modbus_server({}, holding_registers=registers, port=port):
                for _ in range(40):
                    sample = (await target.poll_once()).samples[0]
                    if sample.quality == Quality.GOOD:
                        break
                    await asyncio.sleep(0.05)
                seen.append((sample.value, sample.quality))
        target.link.close()
        return seen

    assert asyncio.run(scenario()) == [(1.0, Quality.GOOD), (None, 0), (2.0, Quality.GOOD)]
