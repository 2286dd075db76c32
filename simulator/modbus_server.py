"""The simulated Modbus TCP gateway: the SDM630 meter at unit 1, the generator controller at unit 2.

Registers are encoded here from the vendors' published maps with ``struct``, on
purpose independently of the drivers' decoder, so that tests reading the simulator
prove the decoder against the map rather than against itself.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

from pymodbus.exceptions import NoSuchIdException
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimAction, SimData, SimDevice

from simulator.faults import Fault
from simulator.plant_model import PlantModel

METER_UNIT = 1
GENSET_UNIT = 2
INVERTER_UNIT = 3
METER_INPUT_REGISTERS = 0xF6
GENSET_HOLDING_REGISTERS = 16
SUNSPEC_BASE = 40000
SUNSPEC_REGISTERS = 124
_FC_HOLDING = (3, 6, 16, 22, 23)
_FC_INPUT = 4


def _float_words(value: float) -> tuple[int, int]:
    """IEEE 754 single precision, high word first (the SDM630's layout)."""
    high, low = struct.unpack(">HH", struct.pack(">f", value))
    return high, low


def _u16(value: float) -> int:
    return max(0, min(0xFFFF, round(value)))


def _s16(value: float) -> int:
    return struct.unpack(">H", struct.pack(">h", max(-0x8000, min(0x7FFF, round(value)))))[0]


def meter_registers(plant: PlantModel) -> list[int]:
    """The SDM630 input registers 0x0000–0x00F5 for the plant's present state."""
    reading = plant.meter()
    values: dict[int, float] = {}
    for index, phase in enumerate(reading.phases):
        values[0x00 + 2 * index] = phase.voltage
        values[0x06 + 2 * index] = phase.current
        values[0x0C + 2 * index] = phase.active_kw * 1000.0
        values[0x12 + 2 * index] = phase.apparent_kva * 1000.0
        values[0x18 + 2 * index] = phase.reactive_kvar * 1000.0
        values[0x1E + 2 * index] = phase.power_factor
        values[0xEA + 2 * index] = phase.voltage_thd
        values[0xF0 + 2 * index] = phase.current_thd
    values[0x2A] = sum(p.voltage for p in reading.phases) / 3.0
    values[0x2E] = sum(p.current for p in reading.phases) / 3.0
    values[0x30] = sum(p.current for p in reading.phases)
    values[0x34] = reading.active_kw * 1000.0
    values[0x38] = reading.apparent_kva * 1000.0
    values[0x3C] = reading.reactive_kvar * 1000.0
    values[0x3E] = reading.power_factor
    values[0x46] = reading.frequency
    values[0x48] = reading.import_kwh
    values[0x4A] = reading.export_kwh
    registers = [0] * METER_INPUT_REGISTERS
    for address, value in values.items():
        registers[address], registers[address + 1] = _float_words(value)
    return registers


def genset_registers(plant: PlantModel) -> list[int]:
    """The generic generator controller's holding registers 0–8 (see its profile)."""
    g = plant.genset()
    registers = [
        _u16(g.fuel_level_pct * 10),
        _s16(g.coolant_c * 10),
        _u16(g.oil_pressure_bar * 100),
        _u16(g.rpm),
        _s16(g.output_kw * 10),
        _u16(g.runtime_h * 10),
        _u16(g.battery_v * 100),
        _u16(g.frequency * 100),
        int(g.running),
    ]
    return registers + [0] * (GENSET_HOLDING_REGISTERS - len(registers))


def _text(value: str, registers: int) -> list[int]:
    raw = value.encode().ljust(2 * registers, b"\x00")
    return list(struct.unpack(f">{registers}H", raw))


def inverter_registers(plant: PlantModel) -> list[int]:
    """Holding registers 40000-40123 of a SunSpec inverter: marker, common model 1, model 103, end.

    Laid out from the SunSpec model tables (offsets counted from each model's ID register), with
    scale factors chosen as a real inverter would: 0.1 A, 0.1 V, 10 W, 0.01 Hz, 1 % PF, 1 Wh.
    """
    r = plant.inverter()
    common = [
        1,
        66,
        *_text("Wattkeeper", 16),
        *_text("SIM-PV-40K", 16),
        *_text("", 8),
        *_text("1.0.0", 8),
        *_text("SIM-0001", 16),
        INVERTER_UNIT,
        0,
    ]
    model = [0] * 52
    model[0:2] = [103, 50]
    currents = [round(a * 10) for a in r.phase_currents]
    model[2:7] = [_u16(sum(currents)), *map(_u16, currents), _s16(-1)]
    line = [round(v * math.sqrt(3) * 10) for v in r.phase_voltages]
    model[7:14] = [*map(_u16, line), *(_u16(v * 10) for v in r.phase_voltages), _s16(-1)]
    model[14:16] = [_s16(r.active_kw * 100), 1]  # W in tens of watts
    model[16:18] = [_u16(r.frequency * 100), _s16(-2)]
    model[18:24] = [
        _s16(r.apparent_kva * 100),
        1,
        _s16(r.reactive_kvar * 100),
        1,
        _s16(r.power_factor * 100),
        0,
    ]
    energy = round(r.energy_kwh * 1000)
    model[24:27] = [energy >> 16 & 0xFFFF, energy & 0xFFFF, 0]
    model[27:33] = [
        _u16(r.dc_current * 10),
        _s16(-1),
        _u16(r.dc_voltage * 10),
        _s16(-1),
        _s16(r.dc_kw * 100),
        1,
    ]
    model[33:38] = [_s16(r.cabinet_c * 10), _s16(r.heatsink_c * 10), 0x8000, 0x8000, _s16(-1)]
    model[38:40] = [r.state, 0xFFFF]
    return [0x5375, 0x6E53, *common, *model, 0xFFFF, 0]


def _blocks(
    holding: int, inputs: int, holding_start: int = 0
) -> tuple[list[SimData], list[SimData], list[SimData], list[SimData]]:
    """Separate coil, discrete input, holding and input register tables, as real devices have."""
    return (
        [SimData(0, count=16, values=False, datatype=DataType.BITS)],
        [SimData(0, count=16, values=False, datatype=DataType.BITS)],
        [SimData(holding_start, count=holding, values=0, datatype=DataType.REGISTERS)],
        [SimData(0, count=inputs, values=0, datatype=DataType.REGISTERS)],
    )


def _refreshing_action(
    plant: PlantModel,
    function_codes: tuple[int, ...],
    registers_now: Callable[[PlantModel], list[int]],
    silenced_by: Fault | None = None,
) -> SimAction:
    """A pymodbus device action that fills the table from the plant at the moment of each read."""

    async def action(
        function_code: int,
        _start_address: int,
        _address: int,
        _count: int,
        registers: list[int],
        _values: list[int] | list[bool] | None,
    ) -> None:
        if silenced_by is not None and plant.has_fault(silenced_by):
            raise NoSuchIdException("device silent")  # the server then sends no answer at all
        if function_code in function_codes:
            plant.advance()
            fresh = registers_now(plant)
            registers[: len(fresh)] = fresh[: len(registers)]

    return action


def build_server(plant: PlantModel, host: str, port: int) -> ModbusTcpServer:
    """A server whose registers are computed from the plant at the moment they are read."""
    meter = SimDevice(
        METER_UNIT,
        simdata=_blocks(4, METER_INPUT_REGISTERS),
        action=_refreshing_action(plant, (_FC_INPUT,), meter_registers, silenced_by=Fault.METER_SILENT),
    )
    genset = SimDevice(
        GENSET_UNIT,
        simdata=_blocks(GENSET_HOLDING_REGISTERS, 4),
        action=_refreshing_action(plant, _FC_HOLDING, genset_registers),
    )
    inverter = SimDevice(
        INVERTER_UNIT,
        simdata=_blocks(SUNSPEC_REGISTERS, 4, SUNSPEC_BASE),
        action=_refreshing_action(plant, _FC_HOLDING, inverter_registers),
    )
    return ModbusTcpServer([meter, genset, inverter], address=(host, port), ignore_missing_devices=True)
