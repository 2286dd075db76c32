"""Modbus RTU on a serial line, RTU over TCP and Modbus/TCP Security, against real pymodbus servers."""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
from pathlib import Path

import pytest
from pymodbus import FramerType
from pymodbus.client import ModbusSerialClient
from pymodbus.exceptions import ModbusException, NoSuchIdException
from pymodbus.server import ModbusSerialServer, ModbusTcpServer, ModbusTlsServer

from drivers.base import Quality, SampleBatch
from drivers.modbus_link import ModbusLink, SerialTransport, TcpTransport
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusLinkDriver, ModbusPoint
from drivers.registers import DataType, RegisterField, RegisterTable
from drivers.tls import TlsSettings
from simulator.net import free_port, wait_for_port
from tests.drivers.modbus_servers import run_drivers, serve, sim_device
from tests.drivers.serial_pair import serial_pair
from tests.tls_certs import TestAuthority

FIELD = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16, scale=0.1)


def device(unit: int, interval_s: float = 0.1) -> ModbusDevice:
    return ModbusDevice(f"site/unit-{unit}", unit, (ModbusPoint(unit, FIELD),), interval_s=interval_s)


def values(batches: list[SampleBatch], point_id: int) -> list[tuple[float | None, int]]:
    return [(s.value, s.quality) for b in batches for s in b.samples if s.point_id == point_id]


def serial_server_ready(client_port: str, unit: int) -> bool:
    """Wait until the serial server answers (it opens its port in the background)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        client = ModbusSerialClient(client_port, baudrate=38400, timeout=0.3, retries=0)
        try:
            if client.connect() and not client.read_holding_registers(0, count=1, device_id=unit).isError():
                return True
        except ModbusException:
            pass
        finally:
            client.close()
    return False


def test_rtu_bus_polls_its_units_in_turn_never_together() -> None:
    events: list[tuple[bool, float]] = []
    lock = threading.Lock()

    def trace(sending: bool, pdu: object) -> object:
        with lock:
            events.append((sending, time.monotonic()))
        return pdu

    devices = [sim_device(1, holding_registers={0: 2301}), sim_device(2, holding_registers={0: 2302})]
    with serial_pair() as (server_port, client_port):
        server = lambda: ModbusSerialServer(  # noqa: E731
            devices, framer=FramerType.RTU, port=server_port, baudrate=38400, trace_pdu=trace
        )
        with serve(server, lambda: serial_server_ready(client_port, 1)):
            events.clear()
            link = ModbusLink("bus", SerialTransport(client_port, baudrate=38400), timeout_s=1.0)
            batches = run_drivers([ModbusLinkDriver(link, [device(1), device(2)], shared=True)], 2.0)
    for unit, expected in ((1, 230.1), (2, 230.2)):
        good = [value for value, quality in values(batches, unit) if quality == Quality.GOOD]
        assert len(good) >= 5 and good == pytest.approx([expected] * len(good))
    # The server saw request, answer, request, answer…: no second request before the first answer.
    directions = [sending for sending, _ in events]
    assert directions[: len(directions) // 2 * 2] == [False, True] * (len(directions) // 2)


async def never_answer(*_args: object) -> None:
    raise NoSuchIdException("this unit's wire is cut")  # the server then stays silent, like a dead device


def test_a_dead_unit_is_backed_off_so_its_neighbour_keeps_the_bus() -> None:
    units = [
        sim_device(1, holding_registers={0: 500}),
        sim_device(7, holding_registers={0: 1}, action=never_answer),
    ]
    with serial_pair() as (server_port, client_port):
        server = lambda: ModbusSerialServer(  # noqa: E731
            units, framer=FramerType.RTU, port=server_port, baudrate=38400, ignore_missing_devices=True
        )
        with serve(server, lambda: serial_server_ready(client_port, 1)):
            link = ModbusLink("bus", SerialTransport(client_port, baudrate=38400), timeout_s=0.2)
            driver = ModbusLinkDriver(link, [device(1), device(7)], shared=True)
            batches = run_drivers([driver], 4.0)
    dead = values(batches, 7)
    alive = values(batches, 1)
    assert {q for _, q in dead} == {Quality.COMM_ERROR}
    # Without back-off, unit 7's 0.2 s time-outs every 0.1 s would leave unit 1 about 10 polls in 4 s.
    assert sum(1 for _, q in alive if q == Quality.GOOD) >= 25


def test_rtu_frames_over_tcp() -> None:
    port = free_port()
    server = lambda: ModbusTcpServer(  # noqa: E731
        [sim_device(5, holding_registers={0: 1234})], framer=FramerType.RTU, address=("127.0.0.1", port)
    )
    with serve(server, lambda: wait_for_port("127.0.0.1", port, 10)):
        link = ModbusLink("converter", TcpTransport("127.0.0.1", port, rtu_framing=True), timeout_s=1.0)
        batch = asyncio.run(_poll_and_close(DevicePoller(device(5), link, shared_link=True)))
    assert [(s.value, s.quality) for s in batch.samples] == [(pytest.approx(123.4), Quality.GOOD)]


async def _poll_and_close(poller: DevicePoller) -> SampleBatch:
    try:
        return await poller.poll_once()
    finally:
        poller.link.close()


def _tls_server(authority: TestAuthority, port: int, require_client_cert: bool) -> ModbusTlsServer:
    issued = authority.issue("localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(issued.cert, issued.key)
    if require_client_cert:
        context.load_verify_locations(authority.ca_file)
        context.verify_mode = ssl.CERT_REQUIRED
    return ModbusTlsServer(
        [sim_device(1, holding_registers={0: 777})], address=("127.0.0.1", port), sslctx=context
    )


def test_modbus_tls_verifies_the_server_and_presents_a_client_certificate(tmp_path: Path) -> None:
    authority = TestAuthority(tmp_path / "ca")
    client = authority.issue("operator-workstation", server=False)
    port = free_port()
    with serve(lambda: _tls_server(authority, port, True), lambda: wait_for_port("127.0.0.1", port, 10)):
        trusted = TlsSettings(ca_file=authority.ca_file, cert_file=client.cert, key_file=client.key)
        link = ModbusLink("secure", TcpTransport("localhost", port, tls=trusted), timeout_s=2.0)
        good = asyncio.run(_poll_and_close(DevicePoller(device(1), link, shared_link=False)))

        untrusting = ModbusLink("secure", TcpTransport("localhost", port, tls=TlsSettings()), timeout_s=2.0)
        refused = asyncio.run(_poll_and_close(DevicePoller(device(1), untrusting, shared_link=False)))

        anonymous = TlsSettings(ca_file=authority.ca_file)
        no_cert = ModbusLink("secure", TcpTransport("localhost", port, tls=anonymous), timeout_s=2.0)
        rejected = asyncio.run(_poll_and_close(DevicePoller(device(1), no_cert, shared_link=False)))
    assert [(s.value, s.quality) for s in good.samples] == [(pytest.approx(77.7), Quality.GOOD)]
    assert [s.quality for s in refused.samples] == [Quality.COMM_ERROR]
    assert "certificate verify failed" in str(untrusting.health.reason)
    assert [s.quality for s in rejected.samples] == [Quality.COMM_ERROR]
