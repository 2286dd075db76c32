"""Polling one Modbus TCP device with the pymodbus asyncio client.

Each device gets its own connection, because a pymodbus client carries one
transaction at a time: a device that stops answering then only delays itself.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException

from drivers.backoff import Backoff
from drivers.base import Driver, Emit, Quality, Sample, SampleBatch, now_ms, run_periodically
from drivers.health import LinkHealth
from drivers.modbus_plan import MAX_REGISTERS_PER_READ, PlannedRead, plan_reads
from drivers.registers import DecodeError, RegisterField, RegisterTable

log = logging.getLogger(__name__)

#: Exception codes a gateway sends when the device behind it is unreachable.
_GATEWAY_CODES = {0x0A, 0x0B}
_EXCEPTION_NAMES = {
    1: "illegal function",
    2: "illegal data address",
    3: "illegal data value",
    4: "device failure",
    5: "acknowledge",
    6: "device busy",
    0x0A: "gateway path unavailable",
    0x0B: "gateway target device failed to respond",
}


@dataclass(frozen=True, slots=True)
class ModbusPoint:
    point_id: int
    field: RegisterField


@dataclass(frozen=True, slots=True)
class ModbusTcpDevice:
    """Everything needed to poll one device; ``name`` is its path, used in messages."""

    name: str
    host: str
    port: int
    unit_id: int
    points: tuple[ModbusPoint, ...]
    interval_s: float = 1.0
    timeout_s: float = 1.0
    max_gap: int = 0
    max_count: int = MAX_REGISTERS_PER_READ
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 10.0


class ModbusTcpPoller(Driver):
    """Reads a device's planned blocks every interval and reports each point's quality."""

    def __init__(self, device: ModbusTcpDevice) -> None:
        self.device = device
        self.name = device.name
        self._reads = plan_reads(
            [p.field for p in device.points], max_gap=device.max_gap, max_count=device.max_count
        )
        self._client: AsyncModbusTcpClient | None = None
        self._backoff = Backoff(device.reconnect_min_s, device.reconnect_max_s)
        self._retry_at = 0.0
        self._health = LinkHealth(log, device.name)

    @property
    def reads_per_poll(self) -> int:
        return len(self._reads)

    async def run(self, emit: Emit) -> None:
        async def tick() -> None:
            emit(await self.poll_once())

        try:
            await run_periodically(self.device.interval_s, tick)
        finally:
            self._disconnect()

    async def poll_once(self) -> SampleBatch:
        """One pass over all planned reads; never raises for field trouble."""
        batch = SampleBatch(self.name)
        if not await self._ensure_connected():
            batch.samples.extend(self._failed(self.device.points, Quality.COMM_ERROR))
            return batch
        all_good = True
        for read in self._reads:
            samples, good = await self._read(read)
            batch.samples.extend(samples)
            all_good = all_good and good
        if all_good:
            self._health.ok()
        return batch

    async def _ensure_connected(self) -> bool:
        if self._client is not None and self._client.connected:
            return True
        loop = asyncio.get_running_loop()
        if loop.time() < self._retry_at:
            return False
        self._disconnect()
        device = self.device
        client = AsyncModbusTcpClient(
            device.host,
            port=device.port,
            timeout=device.timeout_s,
            retries=0,
            reconnect_delay=0,
            name=device.name,
        )
        try:
            connected = await asyncio.wait_for(client.connect(), device.timeout_s + 1.0)
        except (TimeoutError, OSError, ModbusException):
            connected = False
        if not connected:
            client.close()
            delay = self._backoff.next_delay()
            self._retry_at = loop.time() + delay
            self._health.fail(f"cannot connect to {device.host}:{device.port}; retrying in {delay:g} s")
            return False
        self._client = client
        self._backoff.reset()
        return True

    def _disconnect(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    async def _read(self, read: PlannedRead) -> tuple[list[Sample], bool]:
        points = [self.device.points[i] for i in read.members]
        client = self._client
        if client is None:
            return self._failed(points, Quality.COMM_ERROR), False
        reader = (
            client.read_holding_registers
            if read.table is RegisterTable.HOLDING
            else client.read_input_registers
        )
        where = f"{read.table.name.lower()} registers {read.start}..{read.start + read.count - 1}"
        try:
            response = await reader(read.start, count=read.count, device_id=self.device.unit_id)
        except ConnectionException:
            self._disconnect()
            self._health.fail(f"connection to {self.device.host}:{self.device.port} lost")
            return self._failed(points, Quality.COMM_ERROR), False
        except ModbusException as exc:
            self._health.fail(f"no valid answer for {where} within {self.device.timeout_s:g} s ({exc})")
            return self._failed(points, Quality.COMM_ERROR), False
        if response.isError():
            code = getattr(response, "exception_code", 0)
            name = _EXCEPTION_NAMES.get(code, "unknown exception")
            self._health.fail(f"device answered exception {code} ({name}) for {where}")
            quality = Quality.COMM_ERROR if code in _GATEWAY_CODES else Quality.BAD_VALUE
            return self._failed(points, quality), False
        registers = response.registers
        if len(registers) < read.count:
            self._health.fail(f"short answer for {where}: {len(registers)} registers")
            return self._failed(points, Quality.BAD_VALUE), False
        ts = now_ms()
        samples = []
        for point in points:
            try:
                value: float | None = point.field.decode(read.words_of(registers, point.field))
                quality = Quality.GOOD
            except DecodeError as exc:
                log.debug("%s: point %d: %s", self.name, point.point_id, exc)
                value, quality = None, Quality.BAD_VALUE
            samples.append(Sample(point.point_id, ts, value, quality))
        return samples, True

    @staticmethod
    def _failed(points: tuple[ModbusPoint, ...] | list[ModbusPoint], quality: Quality) -> list[Sample]:
        ts = now_ms()
        return [Sample(p.point_id, ts, None, quality) for p in points]
