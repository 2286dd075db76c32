"""The physics of a small simulated site: a three-phase supply, a diesel generator and a machine sensor.

Values are coherent the way real ones are: per phase P = V·I·PF, S = V·I and
Q = √(S² − P²); energy counters are the integral of power; load follows a daily curve;
fuel falls with the generator's output. Faults bend these values the way the real
trouble would.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass

from simulator.faults import Fault

NOMINAL_VOLTAGE = 230.0
NOMINAL_FREQUENCY = 50.0
PHASE_SHARE = (0.35, 0.33, 0.32)
TANK_LITRES = 1000.0
LITRES_PER_KWH = 0.27
#: Load and cloud cover wander around their means with this spread (relative) and memory.
DRIFT_SPREAD = 0.05
DRIFT_TIME_CONSTANT_S = 50.0


@dataclass(frozen=True)
class PhaseReading:
    voltage: float
    current: float
    active_kw: float
    apparent_kva: float
    reactive_kvar: float
    power_factor: float
    #: Total harmonic distortion in %: the voltage's grows with the load, the current's at light load.
    voltage_thd: float
    current_thd: float


@dataclass(frozen=True)
class MeterReading:
    phases: tuple[PhaseReading, PhaseReading, PhaseReading]
    active_kw: float
    apparent_kva: float
    reactive_kvar: float
    power_factor: float
    frequency: float
    import_kwh: float
    export_kwh: float


@dataclass(frozen=True)
class GensetReading:
    fuel_level_pct: float
    coolant_c: float
    oil_pressure_bar: float
    rpm: float
    output_kw: float
    runtime_h: float
    battery_v: float
    frequency: float
    running: bool


@dataclass(frozen=True)
class InverterReading:
    """A three-phase PV inverter feeding the site."""

    phase_voltages: tuple[float, float, float]
    phase_currents: tuple[float, float, float]
    active_kw: float
    apparent_kva: float
    reactive_kvar: float
    power_factor: float
    frequency: float
    energy_kwh: float
    dc_voltage: float
    dc_current: float
    dc_kw: float
    cabinet_c: float
    heatsink_c: float
    #: SunSpec operating state: 2 sleeping (no sun), 4 tracking the maximum power point.
    state: int


@dataclass(frozen=True)
class EnvironmentReading:
    temperature_c: float
    humidity_pct: float
    vibration_mm_s: float


def daily_load_kw(local_hour: float) -> float:
    """Site load by hour of day: a night base, a working-day plateau, a lunch dip."""
    day = 1.0 / (1.0 + math.exp(-(local_hour - 7.5) * 2.0)) - 1.0 / (
        1.0 + math.exp(-(local_hour - 18.5) * 2.0)
    )
    lunch = 0.12 * math.exp(-(((local_hour - 12.5) / 0.6) ** 2))
    return 45.0 + 85.0 * day * (1.0 - lunch)


def clear_sky_pv_kw(local_hour: float, peak_kw: float = 40.0) -> float:
    """A PV array's output on a clear day: nothing at night, a rounded peak at solar noon."""
    if not 6.0 < local_hour < 18.0:
        return 0.0
    return peak_kw * math.sin(math.pi * (local_hour - 6.0) / 12.0) ** 1.3


class PlantModel:
    """Thread-safe: the Modbus server, the MQTT publisher and the GUI all read and poke it."""

    def __init__(self, seed: int | None = None, start: float | None = None) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._faults: set[Fault] = set()
        self._t = time.time() if start is None else start
        self._started = self._t
        self._import_kwh = 18_452.6
        self._export_kwh = 12.4
        self._fuel_pct = 78.0
        self._runtime_h = 1_234.5
        self._load_noise = 0.0
        self._genset_kw = 0.0
        self._sky = 0.85
        self._pv_kwh = 38_210.0

    # Faults

    def set_fault(self, fault: Fault, active: bool) -> None:
        with self._lock:
            if active:
                self._faults.add(fault)
            else:
                self._faults.discard(fault)

    def active_faults(self) -> set[Fault]:
        with self._lock:
            return set(self._faults)

    def has_fault(self, fault: Fault) -> bool:
        with self._lock:
            return fault in self._faults

    # Time

    def advance(self, now: float | None = None) -> None:
        """Integrate energy, fuel and runtime up to ``now``."""
        with self._lock:
            now = time.time() if now is None else now
            dt = now - self._t
            if dt <= 0:
                return
            self._t = now
            decay = math.exp(-dt / DRIFT_TIME_CONSTANT_S)
            self._load_noise = self._drift(self._load_noise, 0.0, decay)
            self._sky = min(1.0, max(0.3, self._drift(self._sky, 0.85, decay)))
            grid = self._grid_kw()
            if grid >= 0:
                self._import_kwh += grid * dt / 3600.0
            else:
                self._export_kwh -= grid * dt / 3600.0
            self._pv_kwh += self._pv_kw() * dt / 3600.0
            self._genset_kw = self._genset_output_kw()
            self._runtime_h += dt / 3600.0
            burn_pct = self._genset_kw * LITRES_PER_KWH * dt / 3600.0 / TANK_LITRES * 100.0
            if Fault.FUEL_DROP in self._faults:
                burn_pct += 0.4 * dt
            self._fuel_pct = max(0.0, self._fuel_pct - burn_pct)

    def _drift(self, value: float, mean: float, decay: float) -> float:
        """One exact Ornstein-Uhlenbeck step: the same wander however often the model is read."""
        spread = DRIFT_SPREAD * math.sqrt(1.0 - decay * decay)
        return mean + (value - mean) * decay + self._rng.gauss(0.0, spread)

    def _local_hour(self) -> float:
        local = time.localtime(self._t)
        return local.tm_hour + local.tm_min / 60.0 + local.tm_sec / 3600.0

    def _site_load_kw(self) -> float:
        return daily_load_kw(self._local_hour()) * (1.0 + self._load_noise)

    def _pv_kw(self) -> float:
        return clear_sky_pv_kw(self._local_hour()) * self._sky

    def _grid_kw(self) -> float:
        """What the main meter sees: the site's load less what the PV inverter supplies."""
        return self._site_load_kw() - self._pv_kw()

    def _genset_output_kw(self) -> float:
        return 0.45 * daily_load_kw(self._local_hour()) + self._rng.gauss(0.0, 0.4)

    # Readings

    def meter(self) -> MeterReading:
        with self._lock:
            load = self._grid_kw()
            over = 1.15 if Fault.OVER_VOLTAGE in self._faults else 1.0
            phases = []
            for index, share in enumerate(PHASE_SHARE):
                voltage = (
                    NOMINAL_VOLTAGE + 1.5 - 0.012 * load + self._rng.gauss(0.0, 0.35) + index * 0.6
                ) * over
                pf = min(0.995, 0.93 + 0.02 * math.sin(self._t / 900.0 + index) + self._rng.gauss(0.0, 0.002))
                active = load * share * (1.0 + self._rng.gauss(0.0, 0.004))
                current = active * 1000.0 / (voltage * pf)
                apparent = voltage * current / 1000.0
                reactive = math.sqrt(max(apparent**2 - active**2, 0.0))
                voltage_thd = 1.8 + 0.012 * load + abs(self._rng.gauss(0.0, 0.1))
                current_thd = 5.0 + 60.0 / (5.0 + active) + abs(self._rng.gauss(0.0, 0.3))
                phases.append(
                    PhaseReading(voltage, current, active, apparent, reactive, pf, voltage_thd, current_thd)
                )
            active_total = sum(p.active_kw for p in phases)
            apparent_total = sum(p.apparent_kva for p in phases)
            return MeterReading(
                phases=(phases[0], phases[1], phases[2]),
                active_kw=active_total,
                apparent_kva=apparent_total,
                reactive_kvar=sum(p.reactive_kvar for p in phases),
                power_factor=active_total / apparent_total,
                frequency=NOMINAL_FREQUENCY + self._rng.gauss(0.0, 0.015),
                import_kwh=self._import_kwh,
                export_kwh=self._export_kwh,
            )

    def genset(self) -> GensetReading:
        with self._lock:
            warm = 1.0 - math.exp(-(self._t - self._started) / 600.0)
            return GensetReading(
                fuel_level_pct=self._fuel_pct,
                coolant_c=31.0 + 51.0 * warm + self._rng.gauss(0.0, 0.2),
                oil_pressure_bar=4.2 + self._rng.gauss(0.0, 0.05),
                rpm=1500.0 + self._rng.gauss(0.0, 2.0),
                output_kw=self._genset_kw,
                runtime_h=self._runtime_h,
                battery_v=27.6 + self._rng.gauss(0.0, 0.05),
                frequency=NOMINAL_FREQUENCY + self._rng.gauss(0.0, 0.03),
                running=True,
            )

    def inverter(self) -> InverterReading:
        with self._lock:
            active = self._pv_kw()
            over = 1.15 if Fault.OVER_VOLTAGE in self._faults else 1.0
            voltages = tuple((NOMINAL_VOLTAGE + 2.0 + self._rng.gauss(0.0, 0.3)) * over for _ in range(3))
            pf = 0.99 if active > 0.5 else 1.0
            apparent = active / pf
            currents = tuple(apparent * 1000.0 / 3.0 / v for v in voltages)
            dc_voltage = 610.0 + 25.0 * self._sky + self._rng.gauss(0.0, 1.5) if active > 0.5 else 0.0
            dc_kw = active / 0.975
            ambient = 27.0 + 4.0 * math.sin((self._local_hour() - 9.0) / 24.0 * 2.0 * math.pi)
            return InverterReading(
                phase_voltages=voltages,  # type: ignore[arg-type]
                phase_currents=currents,  # type: ignore[arg-type]
                active_kw=active,
                apparent_kva=apparent,
                reactive_kvar=math.sqrt(max(apparent**2 - active**2, 0.0)),
                power_factor=pf,
                frequency=NOMINAL_FREQUENCY + self._rng.gauss(0.0, 0.015),
                energy_kwh=self._pv_kwh,
                dc_voltage=dc_voltage,
                dc_current=dc_kw * 1000.0 / dc_voltage if dc_voltage else 0.0,
                dc_kw=dc_kw,
                cabinet_c=ambient + 3.0 + 12.0 * active / 40.0,
                heatsink_c=ambient + 6.0 + 25.0 * active / 40.0,
                state=4 if active > 0.5 else 2,
            )

    def environment(self) -> EnvironmentReading:
        with self._lock:
            phase = (self._local_hour() - 9.0) / 24.0 * 2.0 * math.pi
            vibration = 2.2 + abs(self._rng.gauss(0.0, 0.25))
            if Fault.VIBRATION_SPIKE in self._faults:
                vibration = 11.5 + self._rng.gauss(0.0, 0.8)
            return EnvironmentReading(
                temperature_c=27.0 + 4.0 * math.sin(phase) + self._rng.gauss(0.0, 0.1),
                humidity_pct=min(100.0, 68.0 - 10.0 * math.sin(phase) + self._rng.gauss(0.0, 0.4)),
                vibration_mm_s=vibration,
            )
