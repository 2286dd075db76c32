"""Modbus device polling against real pymodbus servers."""

from __future__ import annotations

import asyncio

import pytest
from pymodbus.server import ModbusTcpServer

from drivers.base import Quality
from drivers.modbus_link import ModbusLink, TcpTransport
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusLinkDriver, ModbusPoint
from drivers.registers import DataType, RegisterField, RegisterTable
from simulator.faults import Fault
from simulator.modbus_server import GENSET_UNIT, METER_UNIT
from simulator.net import free_port, wait_for_port
from simulator.plant import SimulatedPlant
from tests.drivers.modbus_servers import (
    float_words,
    modbus_server,
    poll,
    profile_poller,
    run_drivers,
    serve,
    sim_device,
)

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


def by_quantity(result: dict[int, tuple[float | None, int]], names: dict[int, str]) -> dict[str, tuple]:
    return {names[i]: v for i, v in result.items()}


def test_sdm630_profile_reads_any_device_implementing_the_vendor_map() -> None:
    with modbus_server(sdm630_registers()) as port:
        poller, names = profile_poller(port, "eastron-sdm630", list(EXPECTED))
        result = by_quantity(poll(poller), names)
    assert {q: quality for q, (_, quality) in result.items()} == dict.fromkeys(EXPECTED, Quality.GOOD)
    assert {q: value for q, (value, _) in result.items()} == pytest.approx(EXPECTED, rel=1e-6)


def test_scattered_registers_cost_few_round_trips() -> None:
    poller, _ = profile_poller(1, "eastron-sdm630", list(EXPECTED))
    # 16 scattered values: contiguous blocks merge and small gaps are bridged, within 50 registers a read.
    assert poller.reads_per_poll == 2


def test_refused_block_is_split_until_only_the_missing_registers_are_bad() -> None:
    # A device implementing only the voltages and currents of the map: wider reads get exception 2.
    registers = {a: w for a, w in sdm630_registers().items() if a < 0x0C}
    wanted = ["voltage_l1", "voltage_l2", "current_l3", "active_power_l1", "frequency"]
    with modbus_server(registers) as port:
        poller, names = profile_poller(port, "eastron-sdm630", wanted)

        async def three_polls() -> list[dict[int, tuple[float | None, int]]]:
            results = []
            for _ in range(3):
                batch = await poller.poll_once()
                results.append({s.point_id: (s.value, s.quality) for s in batch.samples})
            poller.link.close()
            return results

        results = [by_quantity(r, names) for r in asyncio.run(three_polls())]
    assert {q for _, q in results[0].values()} == {Quality.BAD_VALUE}
    settled = results[-1]
    assert settled["voltage_l1"] == (pytest.approx(231.5), Quality.GOOD)
    assert settled["current_l3"] == (pytest.approx(10.75), Quality.GOOD)
    assert settled["active_power_l1"] == (None, Quality.BAD_VALUE)
    assert settled["frequency"] == (None, Quality.BAD_VALUE)


def test_non_finite_value_marks_only_that_point() -> None:
    registers = sdm630_registers()
    registers[0x0002], registers[0x0003] = 0x7FC0, 0x0000  # NaN in voltage L2
    with modbus_server(registers) as port:
        poller, names = profile_poller(port, "eastron-sdm630", ["voltage_l1", "voltage_l2", "voltage_l3"])
        qualities = {q: quality for q, (_, quality) in by_quantity(poll(poller), names).items()}
    assert qualities == {
        "voltage_l1": Quality.GOOD,
        "voltage_l2": Quality.BAD_VALUE,
        "voltage_l3": Quality.GOOD,
    }


def test_unreachable_device_gives_comm_error_samples_not_an_exception() -> None:
    poller, _ = profile_poller(free_port(), "eastron-sdm630", ["voltage_l1", "voltage_l2"])
    assert set(poll(poller).values()) == {(None, Quality.COMM_ERROR)}


def test_bits_and_coils_decode() -> None:
    fields = [
        RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16, bit=0),
        RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16, bit=3),
        RegisterField(RegisterTable.HOLDING, 1, DataType.INT32, scale=0.1),
    ]
    device = ModbusDevice("site/bits", 1, tuple(ModbusPoint(i, f) for i, f in enumerate(fields)), max_gap=0)
    with modbus_server({}, holding_registers={0: 0b1001, 1: 0xFFFF, 2: 0xFF9C}) as port:
        link = ModbusLink("bits", TcpTransport("127.0.0.1", port), timeout_s=0.5)
        result = poll(DevicePoller(device, link, shared_link=False))
    assert result == {0: (1.0, Quality.GOOD), 1: (1.0, Quality.GOOD), 2: (pytest.approx(-10.0), Quality.GOOD)}


def test_silent_device_times_out_while_its_neighbour_keeps_its_rate(plant: SimulatedPlant) -> None:
    meter, _ = profile_poller(
        plant.modbus.port, "eastron-sdm630", ["voltage_l1"], unit=METER_UNIT, timeout_s=0.3, interval_s=0.2
    )
    genset, _ = profile_poller(
        plant.modbus.port, "generic-genset", ["engine_speed"], unit=GENSET_UNIT, interval_s=0.1
    )
    plant.model.set_fault(Fault.METER_SILENT, True)

    drivers = [ModbusLinkDriver(p.link, [p.device], shared=False) for p in (meter, genset)]
    batches = run_drivers(drivers, 2.0)
    meter_q = [s.quality for b in batches if b.source == meter.device.name for s in b.samples]
    genset_q = [s.quality for b in batches if b.source == genset.device.name for s in b.samples]
    assert meter_q and set(meter_q) == {Quality.COMM_ERROR}
    # The generator, polled every 0.1 s on its own connection, is not held up by the meter's timeouts.
    assert genset_q.count(Quality.GOOD) >= 15


def test_poller_reconnects_after_the_server_returns() -> None:
    port = free_port()
    field = RegisterField(RegisterTable.HOLDING, 0, DataType.UINT16)
    device = ModbusDevice("site/dev", 1, (ModbusPoint(1, field),))
    link = ModbusLink(
        "dev", TcpTransport("127.0.0.1", port), timeout_s=0.5, reconnect_min_s=0.1, reconnect_max_s=0.2
    )
    poller = DevicePoller(device, link, shared_link=False)

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
        link.close()
        return seen

    assert asyncio.run(scenario()) == [(Quality.GOOD, 42), (Quality.COMM_ERROR, None), (Quality.GOOD, 43)]


def test_coils_and_discrete_inputs_are_read_as_bits() -> None:
    fields = [
        RegisterField(RegisterTable.COIL, 0, DataType.BOOL),
        RegisterField(RegisterTable.COIL, 1, DataType.BOOL),
        RegisterField(RegisterTable.COIL, 5, DataType.BOOL),
        RegisterField(RegisterTable.DISCRETE_INPUT, 3, DataType.BOOL),
    ]
    device = ModbusDevice(
        "site/breaker", 1, tuple(ModbusPoint(i, f) for i, f in enumerate(fields)), max_gap=8
    )
    coils = [True, False, False, False, False, True] + [False] * 10
    port = free_port()
    server = sim_device(1, holding_registers={0: 0}, coils=coils)
    with serve(
        lambda: ModbusTcpServer(server, address=("127.0.0.1", port)),
        lambda: wait_for_port("127.0.0.1", port, 10),
    ):
        link = ModbusLink("breaker", TcpTransport("127.0.0.1", port), timeout_s=0.5)
        poller = DevicePoller(device, link, shared_link=False)
        result = poll(poller)
    assert poller.reads_per_poll == 2  # one read of coils 0..5, one of the discrete input
    assert result == {
        0: (1.0, Quality.GOOD),
        1: (0.0, Quality.GOOD),
        2: (1.0, Quality.GOOD),
        3: (0.0, Quality.GOOD),
    }
