"""The Modbus TCP poller against real pymodbus servers."""

from __future__ import annotations

import asyncio

import pytest

from drivers.base import Quality
from drivers.modbus_tcp import ModbusPoint, ModbusTcpDevice, ModbusTcpPoller
from drivers.profiles import builtin_profiles
from drivers.registers import DataType, RegisterField, RegisterTable
from simulator.faults import Fault
from simulator.modbus_server import GENSET_UNIT, METER_UNIT
from simulator.net import free_port
from simulator.plant import SimulatedPlant
from tests.drivers.modbus_servers import float_words, modbus_server

# Values a real SDM630 could hold, at the addresses of Eastron's published map.
SDM630_VALUES = {
    0x0000: 231.5,  # phase 1 line-to-neutral volts
    0x0002: 229.8,
    0x0004: 230.2,
    0x0006: 12.25,  # phase 1 current, A
    0x0008: 11.5,
    0x000A: 10.75,
    0x000C: 2650.0,  # phase 1 active power, W
    0x000E: 2480.0,
    0x0010: 2300.0,
    0x0034: 7430.0,  # total system power, W
    0x0038: 7900.0,  # total system VA
    0x003C: 2650.0,  # total system VAr
    0x003E: 0.94,  # total system power factor
    0x0046: 50.02,  # frequency, Hz
    0x0048: 18452.6,  # import kWh
    0x004A: 12.4,  # export kWh
}
EXPECTED = {
    "voltage_l1": 231.5,
    "voltage_l2": 229.8,
    "voltage_l3": 230.2,
    "current_l1": 12.25,
    "current_l2": 11.5,
    "current_l3": 10.75,
    "active_power_l1": 2.65,
    "active_power_l2": 2.48,
    "active_power_l3": 2.3,
    "active_power": 7.43,
    "apparent_power": 7.9,
    "reactive_power": 2.65,
    "power_factor": 0.94,
    "frequency": 50.02,
    "energy_import": 18452.6,
    "energy_export": 12.4,
}


def sdm630_registers() -> dict[int, int]:
    """The meter's input registers 0x0000-0x004F; those we do not set read as zero, as on a real meter."""
    registers = dict.fromkeys(range(0x50), 0)
    for address, value in SDM630_VALUES.items():
        registers[address], registers[address + 1] = float_words(value)
    return registers


def profile_device(
    port: int,
    quantities: list[str],
    unit: int = 1,
    profile: str = "eastron-sdm630",
    timeout_s: float = 0.5,
    interval_s: float = 1.0,
) -> tuple[ModbusTcpDevice, dict[int, str]]:
    chosen = [p for p in builtin_profiles()[profile].points if p.quantity in quantities]
    device = ModbusTcpDevice(
        name="site/meter",
        host="127.0.0.1",
        port=port,
        unit_id=unit,
        points=tuple(ModbusPoint(i, p.field) for i, p in enumerate(chosen) if p.field is not None),
        timeout_s=timeout_s,
        interval_s=interval_s,
        reconnect_min_s=0.1,
        reconnect_max_s=0.2,
    )
    return device, {i: p.quantity for i, p in enumerate(chosen)}


def vars_of(device: ModbusTcpDevice) -> dict[str, object]:
    return {name: getattr(device, name) for name in device.__slots__}


def test_sdm630_profile_reads_any_device_implementing_the_vendor_map() -> None:
    profile = builtin_profiles()["eastron-sdm630"]
    with modbus_server(sdm630_registers()) as port:
        device, names = profile_device(port, list(EXPECTED))
        device = ModbusTcpDevice(**{**vars_of(device), "max_gap": profile.max_gap, "max_count": 50})
        poller = ModbusTcpPoller(device)
        batch = asyncio.run(poller.poll_once())
    values = {names[s.point_id]: s.value for s in batch.samples}
    assert {names[s.point_id]: s.quality for s in batch.samples} == dict.fromkeys(EXPECTED, Quality.GOOD)
    assert values == pytest.approx(EXPECTED, rel=1e-6)


def test_scattered_registers_cost_few_round_trips() -> None:
    profile = builtin_profiles()["eastron-sdm630"]
    device, _ = profile_device(1, list(EXPECTED))
    device = ModbusTcpDevice(**{**vars_of(device), "max_gap": profile.max_gap, "max_count": 50})
    # 16 scattered values: contiguous blocks merge and small gaps are bridged, within 50 registers a read.
    assert ModbusTcpPoller(device).reads_per_poll == 2


def test_exception_answer_marks_points_bad_value() -> None:
    # A device with only the voltages: every read reaching past them gets exception 2.
    registers = {a: w for a, w in sdm630_registers().items() if a < 6}
    with modbus_server(registers) as port:
        device, _ = profile_device(port, list(EXPECTED))
        batch = asyncio.run(ModbusTcpPoller(device).poll_once())
    assert {s.quality for s in batch.samples} == {Quality.BAD_VALUE}
    assert all(s.value is None for s in batch.samples)


def test_non_finite_value_marks_only_that_point() -> None:
    registers = sdm630_registers()
    registers[0x0002], registers[0x0003] = 0x7FC0, 0x0000  # NaN in voltage L2
    with modbus_server(registers) as port:
        device, names = profile_device(port, ["voltage_l1", "voltage_l2", "voltage_l3"])
        batch = asyncio.run(ModbusTcpPoller(device).poll_once())
    qualities = {names[s.point_id]: s.quality for s in batch.samples}
    assert qualities == {
        "voltage_l1": Quality.GOOD,
        "voltage_l2": Quality.BAD_VALUE,
        "voltage_l3": Quality.GOOD,
    }


def test_unreachable_device_gives_comm_error_samples_not_an_exception() -> None:
    device, _ = profile_device(free_port(), ["voltage_l1", "voltage_l2"])
    batch = asyncio.run(ModbusTcpPoller(device).poll_once())
    assert [s.quality for s in batch.samples] == [Quality.COMM_ERROR, Quality.COMM_ERROR]
    assert [s.value for s in batch.samples] == [None, None]


def test_silent_device_times_out_while_its_neighbour_keeps_its_rate(plant: SimulatedPlant) -> None:
    meter, _ = profile_device(
        plant.modbus.port, ["voltage_l1"], unit=METER_UNIT, timeout_s=0.3, interval_s=0.2
    )
    genset, _ = profile_device(
        plant.modbus.port, ["engine_speed"], unit=GENSET_UNIT, profile="generic-genset", interval_s=0.1
    )
    plant.model.set_fault(Fault.METER_SILENT, True)

    async def run_both() -> tuple[list[int], list[int]]:
        meter_q: list[int] = []
        genset_q: list[int] = []
        tasks = [
            asyncio.create_task(
                ModbusTcpPoller(meter).run(lambda b: meter_q.extend(s.quality for s in b.samples))
            ),
            asyncio.create_task(
                ModbusTcpPoller(genset).run(lambda b: genset_q.extend(s.quality for s in b.samples))
            ),
        ]
        await asyncio.sleep(2.0)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return meter_q, genset_q

    meter_q, genset_q = asyncio.run(run_both())
    assert meter_q and set(meter_q) == {Quality.COMM_ERROR}
    # The generator, polled every 0.1 s on its own connection, is not held up by the meter's timeouts.
    assert genset_q.count(Quality.GOOD) >= 15


def test_poller_reconnects_after_the_server_returns() -> None:
    port = free_port()
    field = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16)
    device = ModbusTcpDevice(
        name="site/dev",
        host="127.0.0.1",
        port=port,
        unit_id=1,
        points=(ModbusPoint(1, field),),
        timeout_s=0.5,
        reconnect_min_s=0.1,
        reconnect_max_s=0.2,
    )
    poller = ModbusTcpPoller(device)

    async def first_sample() -> tuple[int, float | None]:
        sample = (await poller.poll_once()).samples[0]
        return sample.quality, sample.value

    async def scenario() -> list[tuple[int, float | None]]:
        seen = []
        with modbus_server({}, holding_registers={0: 42}, port=port):
            seen.append(await first_sample())
        seen.append(await first_sample())
        with modbus_server({}, holding_registers={0: 43}, port=port):
            for _ in range(100):
                if (latest := await first_sample())[0] == Quality.GOOD:
                    break
                await asyncio.sleep(0.05)
            seen.append(latest)
        return seen

    assert asyncio.run(scenario()) == [(Quality.GOOD, 42), (Quality.COMM_ERROR, None), (Quality.GOOD, 43)]
