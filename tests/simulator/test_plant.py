"""The simulated plant acts like a real site: coherent physics, the vendor's register map, faults on cue."""

from __future__ import annotations

import math
import struct

import pytest

from simulator.faults import Fault, ScheduledFault
from simulator.modbus_server import genset_registers, meter_registers
from simulator.plant import SimulatedPlant
from simulator.plant_model import PlantModel, daily_load_kw
from tests.conftest import wait_until


def read_float(registers: list[int], address: int) -> float:
    return struct.unpack(">f", struct.pack(">HH", registers[address], registers[address + 1]))[0]


def test_each_phase_obeys_the_power_triangle() -> None:
    reading = PlantModel(seed=1).meter()
    for phase in reading.phases:
        assert phase.active_kw == pytest.approx(
            phase.voltage * phase.current * phase.power_factor / 1000, rel=1e-9
        )
        assert phase.apparent_kva == pytest.approx(phase.voltage * phase.current / 1000, rel=1e-9)
        assert phase.reactive_kvar == pytest.approx(
            math.sqrt(phase.apparent_kva**2 - phase.active_kw**2), rel=1e-9
        )
    assert reading.active_kw == pytest.approx(sum(p.active_kw for p in reading.phases))
    assert reading.power_factor == pytest.approx(reading.active_kw / reading.apparent_kva)


def test_energy_counter_is_the_integral_of_power() -> None:
    model = PlantModel(seed=2, start=1_800_000_000.0)
    before = model.meter().import_kwh
    powers = []
    for second in range(1, 3601):
        model.advance(1_800_000_000.0 + second)
        powers.append(model.meter().active_kw)
    gained = model.meter().import_kwh - before
    assert gained == pytest.approx(sum(powers) / 3600, rel=0.02)


def test_load_follows_a_daily_curve() -> None:
    assert daily_load_kw(3.0) < 50 < 100 < daily_load_kw(10.0)
    assert daily_load_kw(12.5) < daily_load_kw(10.0)


def test_meter_registers_follow_the_sdm630_map() -> None:
    model = PlantModel(seed=3)
    registers = meter_registers(model)
    reading = model.meter()
    assert 225 < read_float(registers, 0x0000) < 236  # phase 1 volts
    assert read_float(registers, 0x0034) == pytest.approx(reading.active_kw * 1000, rel=0.01)  # total W
    assert read_float(registers, 0x0046) == pytest.approx(50.0, abs=0.1)  # Hz
    assert read_float(registers, 0x0048) == pytest.approx(reading.import_kwh, rel=1e-6)  # import kWh
    assert 1 < read_float(registers, 0x00EA) < 8  # phase 1 volts THD, %
    assert read_float(registers, 0x00F4) > read_float(registers, 0x00EE)  # current THD above voltage THD


def test_genset_registers_are_scaled_integers() -> None:
    registers = genset_registers(PlantModel(seed=4))
    assert 700 <= registers[0] <= 800  # fuel level in tenths of a percent
    assert 1490 <= registers[3] <= 1510  # rpm
    assert registers[8] == 1  # running


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (Fault.OVER_VOLTAGE, lambda m: m.meter().phases[0].voltage > 253),
        (Fault.VIBRATION_SPIKE, lambda m: m.environment().vibration_mm_s > 7.1),
    ],
)
def test_faults_bend_the_values(fault: Fault, check: object) -> None:
    model = PlantModel(seed=5)
    assert not check(model)  # type: ignore[operator]
    model.set_fault(fault, True)
    assert check(model)  # type: ignore[operator]


def test_fuel_drop_empties_the_tank_fast() -> None:
    model = PlantModel(seed=6, start=1_800_000_000.0)
    model.set_fault(Fault.FUEL_DROP, True)
    model.advance(1_800_000_060.0)
    assert model.genset().fuel_level_pct < 78.0 - 20


def test_scheduled_fault_starts_on_cue() -> None:
    with SimulatedPlant(faults=[ScheduledFault.parse("vibration-spike@0.5")]) as plant:
        assert not plant.model.has_fault(Fault.VIBRATION_SPIKE)
        wait_until(lambda: plant.model.has_fault(Fault.VIBRATION_SPIKE), timeout=5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("over-current", "unknown fault 'over-current'"),
        ("fuel-drop@soon", "is not a number"),
        ("fuel-drop@-1", "cannot be negative"),
    ],
)
def test_fault_syntax_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ScheduledFault.parse(text)


def test_pv_inverter_follows_the_sun_and_the_meter_sees_the_difference() -> None:
    from simulator.plant_model import clear_sky_pv_kw

    assert clear_sky_pv_kw(3.0) == 0.0 < clear_sky_pv_kw(8.0) < clear_sky_pv_kw(12.0)
    model = PlantModel(seed=8)
    inverter = model.inverter()
    assert inverter.active_kw == pytest.approx(
        sum(v * a for v, a in zip(inverter.phase_voltages, inverter.phase_currents, strict=True))
        / 1000
        * inverter.power_factor,
        rel=1e-6,
    )
    assert inverter.state in (2, 4)


def test_inverter_registers_follow_the_sunspec_layout() -> None:
    from simulator.modbus_server import inverter_registers

    registers = inverter_registers(PlantModel(seed=9))
    assert registers[0:2] == [0x5375, 0x6E53]  # "SunS"
    assert registers[2:4] == [1, 66]  # common model
    assert registers[70:72] == [103, 50]  # three-phase inverter
    assert registers[122:124] == [0xFFFF, 0]  # end of the chain
