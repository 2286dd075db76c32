"""The shipped meter profiles against pymodbus servers laid out as the vendors' maps say.

Each case below is written from the vendor's register table in the vendor's own numbering
(Eastron 3xxxx register numbers, Schneider register numbers, Janitza/ABB/Socomec protocol
addresses) and encoded with ``struct``, independently of our decoder and of the profile
files. The server holds only what the real device answers: zero-filled blocks for the Eastron
meters, which answer undocumented registers inside their blocks with zeros, and nothing but
the documented registers for the others, so a planned read that bridged an undocumented gap
would come back as an exception and fail the case.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from drivers.base import Quality
from drivers.profiles import builtin_profiles
from tests.drivers.modbus_servers import modbus_server, poll, profile_poller

#: One register entry: (our quantity or None when the profile does not read it, address,
#: struct format of the vendor's data type, raw value as the device holds it, value in our unit).
Entry = tuple[str | None, int, str, float, float]


def be_words(fmt: str, raw: float) -> list[int]:
    """The 16-bit registers of one value, most significant word and byte first."""
    data = struct.pack(">" + fmt, raw)
    return list(struct.unpack(f">{len(data) // 2}H", data))


@dataclass(frozen=True)
class MeterCase:
    profile: str
    table: str
    entries: tuple[Entry, ...]
    #: Registers the device answers besides the entries (read as zero unless an entry sets them).
    zero_filled: tuple[range, ...] = ()
    #: Registers holding a constant pattern, e.g. ABB's FFFF for "no data here".
    constant: dict[int, int] = field(default_factory=dict)
    reads: int = 0

    def registers(self) -> dict[int, int]:
        image = {a: 0 for block in self.zero_filled for a in block} | dict(self.constant)
        for _, address, fmt, raw, _ in self.entries:
            for offset, word in enumerate(be_words(fmt, raw)):
                image[address + offset] = word
        return image

    def expected(self) -> dict[str, float]:
        return {quantity: value for quantity, _, _, _, value in self.entries if quantity is not None}


def eastron(register: int) -> int:
    """Eastron documents input registers as 30001-based numbers."""
    return register - 30001


def schneider(register: int) -> int:
    """Schneider documents register numbers; the address on the wire is one less."""
    return register - 1


SDM120 = MeterCase(
    profile="eastron-sdm120",
    table="input",
    entries=(
        ("voltage", eastron(30001), "f", 231.4, 231.4),
        ("current", eastron(30007), "f", 8.25, 8.25),
        ("active_power", eastron(30013), "f", 1850.0, 1.85),
        ("apparent_power", eastron(30019), "f", 1909.1, 1.9091),
        ("reactive_power", eastron(30025), "f", -471.5, -0.4715),
        ("power_factor", eastron(30031), "f", 0.969, 0.969),
        (None, eastron(30037), "f", 14.2, 0.0),  # phase angle
        ("frequency", eastron(30071), "f", 49.98, 49.98),
        ("energy_import", eastron(30073), "f", 1532.7, 1532.7),
        ("energy_export", eastron(30075), "f", 12.5, 12.5),
        ("reactive_energy_import", eastron(30077), "f", 210.3, 210.3),
        ("reactive_energy_export", eastron(30079), "f", 88.1, 88.1),
        (None, eastron(30343), "f", 1545.2, 0.0),  # total kWh
    ),
    zero_filled=(range(0x0000, 0x0060), range(0x0156, 0x015A)),
    reads=2,
)

SDM72_V2 = MeterCase(
    profile="eastron-sdm72d-m-v2",
    table="input",
    entries=(
        ("voltage_l1", eastron(30001), "f", 230.1, 230.1),
        ("voltage_l2", eastron(30003), "f", 229.5, 229.5),
        ("voltage_l3", eastron(30005), "f", 231.0, 231.0),
        ("current_l1", eastron(30007), "f", 10.2, 10.2),
        ("current_l2", eastron(30009), "f", 9.8, 9.8),
        ("current_l3", eastron(30011), "f", 11.1, 11.1),
        ("active_power_l1", eastron(30013), "f", 2300.0, 2.3),
        ("active_power_l2", eastron(30015), "f", 2100.0, 2.1),
        ("active_power_l3", eastron(30017), "f", -450.0, -0.45),
        ("apparent_power_l1", eastron(30019), "f", 2347.0, 2.347),
        ("apparent_power_l2", eastron(30021), "f", 2249.0, 2.249),
        ("apparent_power_l3", eastron(30023), "f", 2563.0, 2.563),
        ("reactive_power_l1", eastron(30025), "f", 470.0, 0.47),
        ("reactive_power_l2", eastron(30027), "f", -805.0, -0.805),
        ("reactive_power_l3", eastron(30029), "f", 2523.0, 2.523),
        ("power_factor_l1", eastron(30031), "f", 0.98, 0.98),
        ("power_factor_l2", eastron(30033), "f", 0.934, 0.934),
        ("power_factor_l3", eastron(30035), "f", -0.176, -0.176),
        (None, eastron(30043), "f", 230.2, 0.0),  # average line-to-neutral voltage
        ("active_power", eastron(30053), "f", 3950.0, 3.95),
        ("apparent_power", eastron(30057), "f", 7159.0, 7.159),
        ("reactive_power", eastron(30061), "f", 2188.0, 2.188),
        ("power_factor", eastron(30063), "f", 0.552, 0.552),
        ("frequency", eastron(30071), "f", 50.01, 50.01),
        ("energy_import", eastron(30073), "f", 8841.2, 8841.2),
        ("energy_export", eastron(30075), "f", 311.9, 311.9),
        ("voltage_l1_l2", eastron(30201), "f", 398.6, 398.6),
        ("voltage_l2_l3", eastron(30203), "f", 397.9, 397.9),
        ("voltage_l3_l1", eastron(30205), "f", 399.4, 399.4),
        ("current_n", eastron(30225), "f", 1.35, 1.35),
    ),
    zero_filled=(range(0x0000, 0x004C), range(0x00C8, 0x00E2), range(0x0156, 0x015A)),
    reads=3,
)

IEM3X55 = MeterCase(
    profile="schneider-iem3x55",
    table="holding",
    entries=(
        ("current_l1", schneider(3000), "f", 41.3, 41.3),
        ("current_l2", schneider(3002), "f", 39.8, 39.8),
        ("current_l3", schneider(3004), "f", 44.0, 44.0),
        (None, schneider(3010), "f", 41.7, 0.0),  # average current
        ("voltage_l1_l2", schneider(3020), "f", 401.2, 401.2),
        ("voltage_l2_l3", schneider(3022), "f", 399.7, 399.7),
        ("voltage_l3_l1", schneider(3024), "f", 400.5, 400.5),
        (None, schneider(3026), "f", 400.47, 0.0),  # average line-to-line voltage
        ("voltage_l1", schneider(3028), "f", 231.6, 231.6),
        ("voltage_l2", schneider(3030), "f", 230.9, 230.9),
        ("voltage_l3", schneider(3032), "f", 231.2, 231.2),
        (None, schneider(3036), "f", 231.23, 0.0),  # average line-to-neutral voltage
        ("active_power_l1", schneider(3054), "f", 9.21, 9.21),
        ("active_power_l2", schneider(3056), "f", 8.87, 8.87),
        ("active_power_l3", schneider(3058), "f", -0.35, -0.35),
        ("active_power", schneider(3060), "f", 17.73, 17.73),
        ("reactive_power", schneider(3068), "f", 6.2, 6.2),
        ("apparent_power", schneider(3076), "f", 19.1, 19.1),
        (None, schneider(3084), "f", 0.93, 0.0),  # power factor, four-quadrant code
        ("frequency", schneider(3110), "f", 50.0, 50.0),
        ("energy_import", schneider(3204), "q", 152_334_871, 152_334.871),
        ("energy_export", schneider(3208), "q", 1_250_400, 1_250.4),
        ("reactive_energy_import", schneider(3220), "q", 40_112_005, 40_112.005),
        ("reactive_energy_export", schneider(3224), "q", 5_000, 5.0),
    ),
    reads=8,
)

UMG604 = MeterCase(
    profile="janitza-umg604",
    table="holding",
    entries=(
        ("voltage_l1", 19000, "f", 229.8, 229.8),
        ("voltage_l2", 19002, "f", 230.4, 230.4),
        ("voltage_l3", 19004, "f", 231.1, 231.1),
        ("voltage_l1_l2", 19006, "f", 398.9, 398.9),
        ("voltage_l2_l3", 19008, "f", 399.7, 399.7),
        ("voltage_l3_l1", 19010, "f", 400.8, 400.8),
        ("current_l1", 19012, "f", 120.5, 120.5),
        ("current_l2", 19014, "f", 118.25, 118.25),
        ("current_l3", 19016, "f", 122.75, 122.75),
        ("current_n", 19018, "f", 4.5, 4.5),
        ("active_power_l1", 19020, "f", 26100.0, 26.1),
        ("active_power_l2", 19022, "f", 25800.0, 25.8),
        ("active_power_l3", 19024, "f", -1200.0, -1.2),
        ("active_power", 19026, "f", 50700.0, 50.7),
        ("apparent_power_l1", 19028, "f", 27700.0, 27.7),
        ("apparent_power_l2", 19030, "f", 27250.0, 27.25),
        ("apparent_power_l3", 19032, "f", 28370.0, 28.37),
        ("apparent_power", 19034, "f", 83320.0, 83.32),
        ("reactive_power_l1", 19036, "f", 9200.0, 9.2),
        ("reactive_power_l2", 19038, "f", 8700.0, 8.7),
        ("reactive_power_l3", 19040, "f", -28300.0, -28.3),
        ("reactive_power", 19042, "f", -10400.0, -10.4),
        (None, 19044, "f", 0.943, 0.0),  # cos phi L1, fundamental
        ("frequency", 19050, "f", 49.97, 49.97),
        (None, 19052, "f", 1.0, 0.0),  # rotation field
        (None, 19060, "f", 13_333_000.0, 0.0),  # real energy L1..L3
        ("energy_import", 19068, "f", 12_345_678.0, 12_345.678),
        ("energy_export", 19076, "f", 987_654.0, 987.654),
    ),
    # Every register of the block 19000-19121 is a documented float; most hold zero here.
    zero_filled=(range(19000, 19122),),
    reads=1,
)

B23_B24 = MeterCase(
    profile="abb-b23-b24",
    table="holding",
    # The instantaneous values are those of the communication example in ABB's EQ-meter manual.
    entries=(
        ("energy_import", 0x5000, "Q", 856_720, 8_567.20),
        ("energy_export", 0x5004, "Q", 201_225, 2_012.25),
        (None, 0x5008, "q", 655_495, 0.0),  # active net
        ("reactive_energy_import", 0x500C, "Q", 268_037, 2_680.37),
        ("reactive_energy_export", 0x5010, "Q", 76_568, 765.68),
        (None, 0x5014, "q", 191_469, 0.0),  # reactive net
        ("voltage_l1", 0x5B00, "I", 2301, 230.1),
        ("voltage_l2", 0x5B02, "I", 2296, 229.6),
        ("voltage_l3", 0x5B04, "I", 2310, 231.0),
        ("voltage_l1_l2", 0x5B06, "I", 3990, 399.0),
        ("voltage_l2_l3", 0x5B08, "I", 4042, 404.2),  # documented as L3-L2
        ("voltage_l3_l1", 0x5B0A, "I", 4032, 403.2),  # documented as L1-L3
        ("current_l1", 0x5B0C, "I", 101, 1.01),
        ("current_l2", 0x5B0E, "I", 201, 2.01),
        ("current_l3", 0x5B10, "I", 302, 3.02),
        ("current_n", 0x5B12, "I", 134, 1.34),
        ("active_power", 0x5B14, "i", 125_156, 1.25156),
        ("active_power_l1", 0x5B16, "i", 23_266, 0.23266),
        ("active_power_l2", 0x5B18, "i", 45_207, 0.45207),
        ("active_power_l3", 0x5B1A, "i", 56_683, 0.56683),
        ("reactive_power", 0x5B1C, "i", 30_017, 0.30017),
        ("reactive_power_l1", 0x5B1E, "i", 28, 0.00028),
        ("reactive_power_l2", 0x5B20, "i", -12_214, -0.12214),
        ("reactive_power_l3", 0x5B22, "i", 42_203, 0.42203),
        ("apparent_power", 0x5B24, "i", 140_739, 1.40739),
        ("apparent_power_l1", 0x5B26, "i", 23_266, 0.23266),
        ("apparent_power_l2", 0x5B28, "i", 46_815, 0.46815),
        ("apparent_power_l3", 0x5B2A, "i", 70_658, 0.70658),
        ("frequency", 0x5B2C, "H", 4995, 49.95),
        (None, 0x5B2D, "h", 135, 0.0),  # power phase angles, voltage and current angles
        (None, 0x5B2F, "h", -150, 0.0),
        (None, 0x5B30, "h", 367, 0.0),
        (None, 0x5B32, "h", 1199, 0.0),
        (None, 0x5B33, "h", -1202, 0.0),
        (None, 0x5B37, "h", -13, 0.0),
        (None, 0x5B38, "h", 1033, 0.0),
        (None, 0x5B39, "h", -850, 0.0),
        ("power_factor", 0x5B3A, "h", 972, 0.972),
        ("power_factor_l1", 0x5B3B, "h", 1000, 1.0),
        ("power_factor_l2", 0x5B3C, "h", 966, 0.966),
        ("power_factor_l3", 0x5B3D, "h", 802, 0.802),
    ),
    zero_filled=(range(0x5000, 0x5018), range(0x5B00, 0x5B42)),
    # Registers inside the block that hold nothing answer all ones.
    constant=dict.fromkeys(range(0x5B34, 0x5B37), 0xFFFF),
    reads=2,
)

COUNTIS_E3X_E4X = MeterCase(
    profile="socomec-countis-e3x-e4x",
    table="holding",
    entries=(
        (None, 50512, "I", 123_456, 0.0),  # hour meter, h/100
        ("voltage_l1_l2", 50514, "I", 40_012, 400.12),
        ("voltage_l2_l3", 50516, "I", 39_978, 399.78),
        ("voltage_l3_l1", 50518, "I", 40_105, 401.05),
        ("voltage_l1", 50520, "I", 23_101, 231.01),
        ("voltage_l2", 50522, "I", 23_055, 230.55),
        ("voltage_l3", 50524, "I", 23_150, 231.5),
        ("frequency", 50526, "I", 5_001, 50.01),
        ("current_l1", 50528, "I", 15_250, 15.25),
        ("current_l2", 50530, "I", 14_875, 14.875),
        ("current_l3", 50532, "I", 16_020, 16.02),
        ("current_n", 50534, "I", 1_210, 1.21),
        ("active_power", 50536, "i", -1_021, -10.21),
        ("reactive_power", 50538, "i", -312, -3.12),
        ("apparent_power", 50540, "I", 1_068, 10.68),
        ("power_factor", 50542, "i", -956, -0.956),
        ("active_power_l1", 50544, "i", -345, -3.45),
        ("active_power_l2", 50546, "i", -331, -3.31),
        ("active_power_l3", 50548, "i", -345, -3.45),
        ("reactive_power_l1", 50550, "i", -104, -1.04),
        ("reactive_power_l2", 50552, "i", -98, -0.98),
        ("reactive_power_l3", 50554, "i", -110, -1.1),
        ("apparent_power_l1", 50556, "I", 360, 3.6),
        ("apparent_power_l2", 50558, "I", 345, 3.45),
        ("apparent_power_l3", 50560, "I", 363, 3.63),
        ("power_factor_l1", 50562, "i", -958, -0.958),
        ("power_factor_l2", 50564, "i", -959, -0.959),
        ("power_factor_l3", 50566, "i", -950, -0.95),
        ("energy_import", 50770, "I", 184_233, 184_233.0),
        ("reactive_energy_import", 50772, "I", 20_911, 20_911.0),
        (None, 50774, "I", 190_500, 0.0),  # apparent energy
        ("energy_export", 50776, "I", 512, 512.0),
        ("reactive_energy_export", 50778, "I", 77, 77.0),
    ),
    reads=2,
)

CASES = (SDM120, SDM72_V2, IEM3X55, UMG604, B23_B24, COUNTIS_E3X_E4X)


def poll_with_profile(profile_id: str, port: int) -> tuple[int, dict[str, tuple[int, float | None]]]:
    """Poll every point of a profile once, planned with the profile's own read settings."""
    poller, names = profile_poller(port, profile_id, timeout_s=3.0)
    result = poll(poller)
    return poller.reads_per_poll, {names[i]: (quality, value) for i, (value, quality) in result.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.profile for c in CASES])
def test_profile_reads_the_vendor_map(case: MeterCase) -> None:
    registers = case.registers()
    if case.table == "input":
        server = modbus_server(registers)
    else:
        server = modbus_server({}, holding_registers=registers)
    with server as port:
        reads, results = poll_with_profile(case.profile, port)
    expected = case.expected()
    assert set(results) == set(expected), "the profile reads exactly the quantities the case sets"
    assert {q: quality for q, (quality, _) in results.items()} == dict.fromkeys(expected, Quality.GOOD)
    assert {q: value for q, (_, value) in results.items()} == pytest.approx(expected, rel=1e-6)
    # Near-contiguous registers share a request: the whole map costs this many round trips.
    assert reads == case.reads


def _standard_units() -> dict[str, str]:
    units = {"frequency": "Hz", "current_n": "A"}
    phased = {
        "voltage": "V",
        "current": "A",
        "active_power": "kW",
        "apparent_power": "kVA",
        "reactive_power": "kvar",
        "power_factor": "",
    }
    for base, unit in phased.items():
        units |= {base + suffix: unit for suffix in ("", "_l1", "_l2", "_l3")}
    units |= dict.fromkeys(("voltage_l1_l2", "voltage_l2_l3", "voltage_l3_l1"), "V")
    units |= {f"{kind}_thd_{phase}": "%" for kind in ("voltage", "current") for phase in ("l1", "l2", "l3")}
    units |= dict.fromkeys(("energy_import", "energy_export"), "kWh")
    units |= dict.fromkeys(("reactive_energy_import", "reactive_energy_export"), "kvarh")
    return units


STANDARD_UNITS = _standard_units()


def _units_of(profile_id: str) -> Iterable[tuple[str, str]]:
    return ((p.quantity, p.unit) for p in builtin_profiles()[profile_id].points)


@pytest.mark.parametrize("profile_id", [c.profile for c in CASES] + ["eastron-sdm630"])
def test_meter_profiles_use_standard_names_and_units(profile_id: str) -> None:
    wrong = {q: u for q, u in _units_of(profile_id) if STANDARD_UNITS.get(q) != u}
    assert wrong == {}, f"{profile_id}: not a standard quantity or not in its standard unit"


def test_single_phase_profile_has_no_phase_suffixes() -> None:
    quantities = [q for q, _ in _units_of("eastron-sdm120")]
    assert not [q for q in quantities if q.endswith(("_l1", "_l2", "_l3", "_n"))]


def test_abb_all_ones_reads_as_missing_not_as_a_huge_number() -> None:
    registers = B23_B24.registers()
    registers[0x5B0C], registers[0x5B0D] = 0xFFFF, 0xFFFF  # current L1: "no data" on this wiring
    with modbus_server({}, holding_registers=registers) as port:
        _, results = poll_with_profile("abb-b23-b24", port)
    assert results["current_l1"] == (Quality.BAD_VALUE, None)
    assert results["voltage_l1"] == (Quality.GOOD, pytest.approx(230.1))
