"""One Modbus connection — a TCP socket, a TLS session or a serial port — and its discipline.

A pymodbus client carries one transaction at a time, and on an RS-485 bus only one
device may talk at a time, so every request on a link goes through one lock, followed
by the bus's silent interval. Connection trouble is turned into three plain errors
the pollers act on: the link is down, the device did not answer, or it answered with
an exception.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import serial
from pymodbus import FramerType
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient, AsyncModbusTlsClient
from pymodbus.client.base import ModbusBaseClient
from pymodbus.exceptions import ConnectionException, ModbusException

from drivers.backoff import Backoff
from drivers.health import LinkHealth
from drivers.registers import RegisterTable
from drivers.tls import TlsSettings

log = logging.getLogger(__name__)

EXCEPTION_NAMES = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "device failure",
    5: "acknowledge",
    6: "device busy",
    0x0A: "gateway path unavailable",
    0x0B: "gateway target device failed to respond",
}


class LinkError(Exception):
    """A request that did not produce register values."""


class LinkDownError(LinkError):
    """No connection: it could not be opened, was lost, or is waiting out its back-off."""


class NoAnswerError(LinkError):
    """The device did not answer in time, or its answer was garbled or not for us."""


class DeviceExceptionError(LinkError):
    """The device answered with a Modbus exception code."""

    def __init__(self, code: int, where: str) -> None:
        super().__init__(f"exception {code} ({EXCEPTION_NAMES.get(code, 'unknown')}) for {where}")
        self.code = code


@dataclass(frozen=True, slots=True)
class TcpTransport:
    """Modbus over TCP; ``rtu_framing`` for serial gateways that pass RTU frames through unchanged."""

    host: str
    port: int
    rtu_framing: bool = False
    tls: TlsSettings | None = None

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class SerialTransport:
    """Modbus RTU on a serial port, typically an RS-485 adapter."""

    port: str
    baudrate: int = 9600
    parity: str = "N"
    stopbits: int = 1
    bytesize: int = 8

    def __str__(self) -> str:
        return f"{self.port} ({self.baudrate} {self.bytesize}{self.parity}{self.stopbits})"

    @property
    def silent_interval_s(self) -> float:
        """3.5 character times between frames, as the RTU framing requires (1.75 ms above 19,200 baud)."""
        if self.baudrate > 19_200:
            return 0.00175
        return 3.5 * (1 + self.bytesize + (self.parity != "N") + self.stopbits) / self.baudrate


Transport = TcpTransport | SerialTransport


def _make_client(transport: Transport, name: str, timeout_s: float) -> ModbusBaseClient:
    common = {"name": name, "timeout": timeout_s, "retries": 0, "reconnect_delay": 0}
    if isinstance(transport, SerialTransport):
        return AsyncModbusSerialClient(
            transport.port,
            framer=FramerType.RTU,
            baudrate=transport.baudrate,
            parity=transport.parity,
            stopbits=transport.stopbits,
            bytesize=transport.bytesize,
            **common,  # type: ignore[arg-type]
        )
    if transport.tls is not None:
        return AsyncModbusTlsClient(
            transport.host,
            port=transport.port,
            sslctx=transport.tls.context(),
            **common,  # type: ignore[arg-type]
        )
    framer = FramerType.RTU if transport.rtu_framing else FramerType.SOCKET
    return AsyncModbusTcpClient(transport.host, port=transport.port, framer=framer, **common)  # type: ignore[arg-type]


class ModbusLink:
    """Serialises requests on one connection and reopens it with exponential back-off."""

    def __init__(
        self,
        name: str,
        transport: Transport,
        *,
        timeout_s: float = 1.0,
        reconnect_min_s: float = 1.0,
        reconnect_max_s: float = 10.0,
    ) -> None:
        self.name = name
        self.transport = transport
        self.timeout_s = timeout_s
        self._pause_s = transport.silent_interval_s if isinstance(transport, SerialTransport) else 0.0
        self._client: ModbusBaseClient | None = None
        self._lock = asyncio.Lock()
        self._backoff = Backoff(reconnect_min_s, reconnect_max_s)
        self._retry_at = 0.0
        self.health = LinkHealth(log, f"{name} ({transport})")
        #: Called after every successful (re)connection; pollers use it to re-check their plans.
        self.on_connect: list[Callable[[], None]] = []

    async def read(self, table: RegisterTable, start: int, count: int, unit: int) -> Sequence[int]:
        """Read registers (or bits, as 0/1) from one unit; raises a :class:`LinkError`."""
        method, is_bits = _READ_METHODS[table]
        async with self._lock:
            client = self._client
            if client is None or not client.connected:
                client = await self._connect()
            try:
                response = await getattr(client, method)(start, count=count, device_id=unit)
            except ConnectionException:
                self._drop(f"connection to {self.transport} lost")
                raise LinkDownError(f"connection to {self.transport} lost") from None
            except ModbusException as exc:
                where = _where(table, start, count, unit)
                raise NoAnswerError(
                    f"no valid answer for {where} within {self.timeout_s:g} s ({exc})"
                ) from None
            finally:
                if self._pause_s:
                    await asyncio.sleep(self._pause_s)
        if response.isError():
            raise DeviceExceptionError(
                getattr(response, "exception_code", 0), _where(table, start, count, unit)
            )
        values = [int(b) for b in response.bits[:count]] if is_bits else response.registers
        if len(values) < count:
            raise NoAnswerError(
                f"short answer for {_where(table, start, count, unit)}: {len(values)} of {count}"
            )
        return values

    async def _connect(self) -> ModbusBaseClient:
        loop = asyncio.get_running_loop()
        if loop.time() < self._retry_at:
            raise LinkDownError(self.health.reason or f"{self.transport} not connected")
        self.close()
        try:
            client = _make_client(self.transport, self.name, self.timeout_s)
        except (OSError, ssl.SSLError) as exc:  # unreadable certificate or key files
            self._retry_at = loop.time() + self._backoff.next_delay()
            self.health.fail(f"cannot set up TLS for {self.transport}: {exc}")
            raise LinkDownError(str(exc)) from None
        try:
            connected = await asyncio.wait_for(client.connect(), self.timeout_s + 2.0)
        except (TimeoutError, OSError, ModbusException, ssl.SSLError):
            connected = False
        if not connected:
            client.close()
            delay = self._backoff.next_delay()
            self._retry_at = loop.time() + delay
            why = await _why_unreachable(self.transport, self.timeout_s + 2.0)
            reason = f"cannot connect to {self.transport} ({why}); retrying in {delay:g} s"
            self.health.fail(reason)
            raise LinkDownError(reason)
        self._client = client
        self._backoff.reset()
        self.health.ok()
        for callback in self.on_connect:
            callback()
        return client

    def _drop(self, reason: str) -> None:
        self.health.fail(reason)
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


async def _why_unreachable(transport: Transport, timeout_s: float) -> str:
    """Repeat a failed connection attempt plainly, to say why it fails (pymodbus only logs it)."""
    try:
        if isinstance(transport, SerialTransport):
            await asyncio.to_thread(lambda: serial.Serial(transport.port, transport.baudrate).close())
        else:
            context = transport.tls.context() if transport.tls is not None else None
            opening = asyncio.open_connection(transport.host, transport.port, ssl=context)
            _reader, writer = await asyncio.wait_for(opening, timeout_s)
            writer.close()
    except TimeoutError:
        return f"no answer within {timeout_s:g} s"
    except ssl.SSLError as exc:
        return str(exc)
    except OSError as exc:
        return os.strerror(exc.errno) if exc.errno else str(exc) or type(exc).__name__
    except (serial.SerialException, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return "it accepted a connection just now"


def _where(table: RegisterTable, start: int, count: int, unit: int) -> str:
    return f"unit {unit} {table.name.lower()} {start}..{start + count - 1}"


#: The client's method for each table, and whether it answers bits (``RegisterTable.is_bits``, looked up
#: once here rather than through the enum's property on every request).
_READ_METHODS = {
    table: (method, table.is_bits)
    for table, method in (
        (RegisterTable.COIL, "read_coils"),
        (RegisterTable.DISCRETE_INPUT, "read_discrete_inputs"),
        (RegisterTable.HOLDING, "read_holding_registers"),
        (RegisterTable.INPUT, "read_input_registers"),
    )
}
