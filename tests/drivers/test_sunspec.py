"""SunSpec discovery and SunSpec profiles against a pymodbus server laid out by the SunSpec specification.

The register layout below is written by hand from the SunSpec model tables (model 1, 103, 203),
independently of the model definitions the driver uses.
"""

from __future__ import annotations

import asyncio
import struct

import pytest

from drivers.base import Quality
from drivers.modbus_link import ModbusLink, TcpTransport
from drivers.sunspec import SunSpecError, discover, locate
from tests.drivers.modbus_servers import modbus_server, poll, profile_poller


def text(value: str, registers: int) -> list[int]:
    raw = value.encode().ljust(2 * registers, b"\x00")
    return list(struct.unpack(f">{registers}H", raw))


def s16(value: int) -> int:
    return value & 0xFFFF


def u32(value: int) -> list[int]:
    return [value >> 16, value & 0xFFFF]


def sunspec_map(base: int = 40000, with_meter: bool = True) -> dict[int, int]:
    """SunS, common model 1, inverter model 103, optionally meter model 203, end marker."""
    words = [0x5375, 0x6E53]
    common = text("Wattkeeper", 16) + text("PV-3000", 16) + text("", 8) + text("1.2.3", 8) + text("SN-42", 16)
    words += [1, 66, *common, 1, 0]
    inverter = [0] * 50
    inverter[0:5] = [3702, 1234, 1240, 1228, s16(-2)]  # A, AphA..C, A_SF: 12.34 A on L1
    inverter[5:12] = [3990, 3985, 3992, 2301, 2299, 2304, s16(-1)]  # PPV.., PhVphA..C, V_SF: 230.1 V
    inverter[12:14] = [5000, 0]  # W, W_SF: 5,000 W
    inverter[14:16] = [5001, s16(-2)]  # Hz, Hz_SF: 50.01 Hz
    inverter[16:22] = [5100, 0, s16(-300), 0, 95, 0]  # VA, VA_SF, VAr, VAr_SF, PF %, PF_SF
    inverter[22:25] = [*u32(123456), 0]  # WH (acc32), WH_SF: 123,456 Wh
    inverter[25:27] = [0xFFFF, 0]  # DCA not implemented
    inverter[31:36] = [452, 398, 0x8000, 0x8000, s16(-1)]  # TmpCab 45.2 °C, TmpSnk, TmpTrns/TmpOt n/a, Tmp_SF
    inverter[36] = 4  # St: MPPT
    words += [103, 50, *inverter]
    if with_meter:
        meter = [0] * 105
        meter[0:5] = [100, 33, 34, 33, s16(-1)]  # A, AphA..C, A_SF
        meter[5:14] = [2305, 2305, 2306, 2304, 3990, 3991, 3992, 3989, s16(-1)]  # PhV.., PPV.., V_SF
        meter[14:16] = [4998, s16(-2)]  # Hz, Hz_SF
        meter[16:21] = [s16(-1500), s16(-500), s16(-500), s16(-500), 1]  # W, WphA..C, W_SF: -15,000 W
        meter[36:38] = u32(1000)  # TotWhExp
        meter[44:46] = u32(987654)  # TotWhImp
        meter[52] = 0  # TotWh_SF
        words += [203, 105, *meter]
    words += [0xFFFF, 0]
    return {base + i: w for i, w in enumerate(words)}


def test_discovery_reads_the_model_chain_and_locates_points() -> None:
    with modbus_server({}, holding_registers=sunspec_map()) as port:
        link = ModbusLink("inverter", TcpTransport("127.0.0.1", port), timeout_s=1.0)

        async def chain() -> list[tuple[int, int, int]]:
            try:
                return [(m.model_id, m.address, m.length) for m in await discover(link, 1)]
            finally:
                link.close()

        models = asyncio.run(chain())
    assert models == [(1, 40002, 66), (103, 40070, 50), (203, 40122, 105)]
    from drivers.sunspec import ModelInstance

    instances = [ModelInstance(*m) for m in models]
    assert locate(instances, 103, "W").address == 40070 + 14
    assert locate(instances, 103, "W").scale_factor_address == 40070 + 15
    assert locate(instances, 1, "Mn").decode_text(text("Wattkeeper", 16)) == "Wattkeeper"
    with pytest.raises(SunSpecError, match="no SunSpec model 160"):
        locate(instances, 160, "DCA")


@pytest.mark.parametrize("base", [40000, 0, 50000])
def test_inverter_profile_reads_scaled_values_wherever_the_map_starts(base: int) -> None:
    with modbus_server({}, holding_registers=sunspec_map(base)) as port:
        poller, names = profile_poller(port, "sunspec-inverter-three-phase")
        values = {names[i]: v for i, v in poll(poller).items()}
    assert values["current_l1"] == (pytest.approx(12.34), Quality.GOOD)
    assert values["voltage_l1"] == (pytest.approx(230.1), Quality.GOOD)
    assert values["active_power"] == (pytest.approx(5.0), Quality.GOOD)
    assert values["frequency"] == (pytest.approx(50.01), Quality.GOOD)
    assert values["reactive_power"] == (pytest.approx(-0.3), Quality.GOOD)
    assert values["power_factor"] == (pytest.approx(0.95), Quality.GOOD)
    assert values["energy_produced"] == (pytest.approx(123.456), Quality.GOOD)
    assert values["cabinet_temperature"] == (pytest.approx(45.2), Quality.GOOD)
    assert values["operating_state"] == (4.0, Quality.GOOD)
    assert values["dc_current"] == (None, Quality.BAD_VALUE)  # "not implemented" on this device


def test_meter_profile_reads_model_203() -> None:
    with modbus_server({}, holding_registers=sunspec_map()) as port:
        poller, names = profile_poller(port, "sunspec-meter-three-phase")
        values = {names[i]: v for i, v in poll(poller).items()}
    assert values["voltage_l1"] == (pytest.approx(230.5), Quality.GOOD)
    assert values["active_power"] == (pytest.approx(-15.0), Quality.GOOD)
    assert values["frequency"] == (pytest.approx(49.98), Quality.GOOD)
    assert values["energy_import"] == (pytest.approx(987.654), Quality.GOOD)
    assert values["energy_export"] == (pytest.approx(1.0), Quality.GOOD)


def test_missing_model_marks_its_points_bad_and_says_why() -> None:
    with modbus_server({}, holding_registers=sunspec_map(with_meter=False)) as port:
        poller, _ = profile_poller(port, "sunspec-meter-three-phase")
        result = poll(poller)
    assert {q for _, q in result.values()} == {Quality.BAD_VALUE}


def test_device_without_sunspec_gets_a_clear_reason() -> None:
    with modbus_server({}, holding_registers={0: 1, 1: 2}) as port:
        poller, _ = profile_poller(port, "sunspec-inverter-three-phase")
        result = poll(poller)
    assert {q for _, q in result.values()} == {Quality.BAD_VALUE}
    assert "no SunSpec marker" in str(poller.health.reason)


def test_a_reconnection_during_a_poll_finishes_that_poll_and_rediscovers_on_the_next() -> None:
    with modbus_server({}, holding_registers=sunspec_map()) as port:
        poller, _ = profile_poller(port, "sunspec-inverter-three-phase", ["voltage_l1"])

        async def polls() -> list[tuple[float | None, int]]:
            seen = []
            for _ in range(3):
                (sample,) = (await poller.poll_once()).samples
                seen.append((sample.value, sample.quality))
                poller.link.close()  # the next poll reconnects, which may be a replaced device
            return seen

        seen = asyncio.run(polls())
    assert seen == [(pytest.approx(230.1), Quality.GOOD)] * 3
