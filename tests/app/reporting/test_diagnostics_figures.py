"""Technical diagnostics of a day known to the reading, from a real encrypted historian and journal.

Monday 2 November 2026 in Ha Noi. A meter read every 10 s at 230 V on three phases, 50 Hz,
power factor 0.95 and 3 % voltage THD on L1, except:

* it does not answer from 03:00 to 04:00 (138 of 144 ten-minute intervals are read);
* L1 at 260 V from 10:00 to 12:00 (+13 %: outside both bands), L3 at 200 V from 06:00 to
  07:00 (−13 %: outside ±10 % but inside +10 % / −15 %);
* the frequency reads 50.7 Hz for three readings from 15:00:00 and 50.6 Hz for two from
  16:00:00 (minutes that straddle the ±1 % edge, settled from their samples), and 50.8 Hz
  for the whole minute 17:00 (settled from its rollup): 11 of 8,280 windows outside ±1 %;
* power factor 0.80 from 14:00 to 16:00, THD 9 % from 18:00 to 20:00.

A fan's vibration sensor, zones 1.4 / 2.8 / 4.5 mm/s: 1.0 until 08:00 (A), 2.0 until 20:00
(B), 5.0 until 20:30 (D), 3.0 after (C); its anomaly alarm activates at 20:00.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from app.accounts.actors import SYSTEM
from app.audit.trail import AuditTrail
from app.reporting.diagnostics_figures import DiagnosticsFigures, diagnostics_figures
from app.reporting.service import ReportRequest, make_report
from app.site.config import parse_site
from drivers.base import Quality, Sample
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from storage.queries import interval_bounds
from storage.sealing import seal_completed_hours
from tests.app.reporting.known_plant import DAY_BEFORE, HANOI, REPORT_DAY, REPORT_END, local_ms

SITE = """
[[sites]]
id = "plant"
name = "Ha Noi plant"
timezone = "Asia/Ho_Chi_Minh"

[[sites.vibration]]
point = "fan-sensor/vibration_rms"
machine = "Supply fan, rigid foundation"
zones = [1.4, 2.8, 4.5]

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"

[[sites.gateways.devices]]
id = "meter"
unit_id = 1
interval_s = 10
points = [
  { quantity = "voltage_l1", unit = "V", address = 0, type = "float32", table = "input" },
  { quantity = "voltage_l2", unit = "V", address = 2, type = "float32", table = "input" },
  { quantity = "voltage_l3", unit = "V", address = 4, type = "float32", table = "input" },
  { quantity = "frequency", unit = "Hz", address = 6, type = "float32", table = "input" },
  { quantity = "power_factor", unit = "", address = 8, type = "float32", table = "input" },
  { quantity = "voltage_thd_l1", unit = "%", address = 10, type = "float32", table = "input" },
]

[[sites.gateways]]
id = "broker"
protocol = "mqtt"
host = "127.0.0.1"

[[sites.gateways.devices]]
id = "fan-sensor"
topic = "plant/fan"
interval_s = 10
points = [{ quantity = "vibration_rms", unit = "mm/s", json_path = "v" }]
"""
METER = ("voltage_l1", "voltage_l2", "voltage_l3", "frequency", "power_factor", "voltage_thd_l1")
VIBRATION = "plant/fan-sensor/vibration_rms"


def _between(ts: int, start: tuple[int, ...], end: tuple[int, ...]) -> bool:
    return local_ms(2, *start) <= ts < local_ms(2, *end)


def _frequency(ts: int) -> float:
    if _between(ts, (15, 0, 0), (15, 0, 30)):
        return 50.7
    if _between(ts, (16, 0, 0), (16, 0, 20)):
        return 50.6
    return 50.8 if _between(ts, (17, 0), (17, 1)) else 50.0


def _meter(ts: int) -> tuple[float, ...]:
    return (
        260.0 if _between(ts, (10,), (12,)) else 230.0,
        230.0,
        200.0 if _between(ts, (6,), (7,)) else 230.0,
        _frequency(ts),
        0.8 if _between(ts, (14,), (16,)) else 0.95,
        9.0 if _between(ts, (18,), (20,)) else 3.0,
    )


def _vibration(ts: int) -> float:
    if ts < local_ms(2, 8):
        return 1.0
    if ts < local_ms(2, 20):
        return 2.0
    return 5.0 if ts < local_ms(2, 20, 30) else 3.0


def write_diagnostics_day(db: Database) -> None:
    paths = [f"plant/meter/{q}" for q in METER]
    units = ("V", "V", "V", "Hz", "", "%")
    ids = db.ensure_points([*zip(paths, units, strict=True), (VIBRATION, "mm/s")])
    batch = []
    for ts in range(REPORT_DAY, REPORT_END, 10_000):
        if _between(ts, (3,), (4,)):
            batch += [Sample(ids[p], ts, None, Quality.COMM_ERROR) for p in paths]
        else:
            batch += [Sample(ids[p], ts, v, Quality.GOOD) for p, v in zip(paths, _meter(ts), strict=True)]
        batch.append(Sample(ids[VIBRATION], ts, _vibration(ts), Quality.GOOD))
    ingest_batches(db, [batch])
    journal = AlarmJournal(db)
    rows = journal.register(
        [AlarmDefinition("fan-vibration-anomaly", VIBRATION, "anomaly", "high", "Fan vibration unusual")]
    )
    alarm = rows["fan-vibration-anomaly"].id
    journal.append(
        [
            EventRow(alarm, local_ms(2, 20), "activated", "normal", "unacknowledged", "system", value=5.0),
            EventRow(alarm, local_ms(2, 20, 2), "acknowledged", "unacknowledged", "acknowledged", "anna"),
        ]
    )


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> DiagnosticsFigures:
    folder: Path = tmp_path_factory.mktemp("diagnostics")
    db = open_database(folder / "d.db", folder / "d.key", create=True)
    try:
        write_diagnostics_day(db)
        return diagnostics_figures(
            db,
            parse_site(SITE, "site.toml"),
            "plant",
            from_ms=REPORT_DAY,
            to_ms=REPORT_END,
            day_bounds=tuple(interval_bounds(REPORT_DAY, REPORT_END, "day", HANOI)),
        )
    finally:
        db.close()


def test_voltage_against_the_two_bands(day: DiagnosticsFigures) -> None:
    by_phase = {v.quantity: v for v in day.voltages}
    assert [v.intervals for v in day.voltages] == [138, 138, 138]
    l1, l2, l3 = by_phase["voltage_l1"], by_phase["voltage_l2"], by_phase["voltage_l3"]
    assert l1.within_narrow == pytest.approx(126 / 138) and l1.within_wide == pytest.approx(126 / 138)
    assert l2.within_narrow == 1.0 and l2.within_wide == 1.0
    assert l3.within_narrow == pytest.approx(132 / 138) and l3.within_wide == 1.0
    assert (l1.lowest, l1.highest, l3.lowest) == (230.0, 260.0, 200.0)


def test_frequency_from_ten_second_means(day: DiagnosticsFigures) -> None:
    (frequency,) = day.frequencies
    assert frequency.windows == 8280
    assert frequency.within_narrow == pytest.approx((8280 - 11) / 8280)
    assert frequency.within_wide == 1.0
    assert frequency.minutes_read == 2  # 15:00 and 16:00 straddle the edge; 17:00 lies wholly outside
    assert (frequency.lowest, frequency.highest) == (50.0, pytest.approx(50.8))


def test_unbalance_harmonics_and_power_factor(day: DiagnosticsFigures) -> None:
    (unbalance,) = day.unbalance
    assert unbalance.quantity == "voltage" and unbalance.intervals == 138
    assert unbalance.within_limit == pytest.approx(120 / 138)
    assert unbalance.p95 == pytest.approx(20 / 240 * 100) and unbalance.highest == pytest.approx(
        20 / 220 * 100
    )
    (thd,) = day.harmonics
    assert thd.quantity == "voltage_thd_l1" and thd.within_limit == pytest.approx(126 / 138)
    assert thd.highest == 9.0
    (pf,) = day.power_factors
    assert pf.below_limit == pytest.approx(12 / 138) and pf.lowest == pytest.approx(0.8)
    assert pf.mean == pytest.approx((126 * 0.95 + 12 * 0.8) / 138)


def test_vibration_zones_and_events(day: DiagnosticsFigures) -> None:
    (fan,) = day.vibration
    assert fan.path == VIBRATION and fan.limits is not None
    assert fan.zone_shares == pytest.approx((8 / 24, 12 / 24, 3.5 / 24, 0.5 / 24))
    assert fan.mean == pytest.approx(45 / 24) and fan.highest == 5.0
    assert fan.daily == ((REPORT_DAY, pytest.approx(45 / 24), 5.0),)
    assert [(e.key, e.ts_ms, e.value) for e in fan.events] == [
        ("fan-vibration-anomaly", local_ms(2, 20), 5.0)
    ]


def test_communication_and_gaps(day: DiagnosticsFigures) -> None:
    meter, sensor = day.communication
    assert (meter.gateway, meter.device, sensor.gateway) == ("gw", "plant/meter", "broker")
    assert meter.expected == 6 * 8640 and meter.good == 6 * 8280 and meter.bad == 6 * 360
    assert meter.minutes_with_errors == 60 and meter.silences == 1
    assert meter.longest_silence_ms == 3_610_000  # from the last reading at 02:59:50 to 04:00
    assert (sensor.bad, sensor.silences, sensor.minutes_with_errors) == (0, 0, 0)
    (gap,) = day.gaps
    assert (gap.device, gap.from_ms, gap.to_ms) == ("plant/meter", local_ms(2, 2, 59, 50), local_ms(2, 4))
    assert [e.event for e in day.journal] == ["activated", "acknowledged"]


def report(tmp_path: Path, *, language: str = "en") -> tuple[str, Path]:
    db = open_database(tmp_path / "d.db", tmp_path / "d.key", create=True)
    try:
        write_diagnostics_day(db)
        pdf = tmp_path / "diagnostics.pdf"
        request = ReportRequest(
            "diagnostics", "plant", REPORT_DAY, REPORT_END, HANOI, pdf, pdf.with_suffix(".xlsx"), language
        )
        made = make_report(
            AuditTrail(db, tmp_path / "audit.key"), SYSTEM, parse_site(SITE, "site.toml"), request
        )
    finally:
        db.close()
    assert made.xlsx is not None
    text = " ".join(page.extract_text() for page in PdfReader(made.pdf).pages)
    return " ".join(text.split()), made.xlsx


def test_the_diagnostics_report_says_it_on_paper(tmp_path: Path) -> None:
    text, workbook = report(tmp_path)
    assert "Technical diagnostics" in text and "not a measurement by an IEC 61000-4-30 class A" in text
    assert re.search(r"plant/meter\s*voltage_l1\s*138\s*230\.0\s*260\.0\s*91\.3\s*91\.3", text), text
    assert re.search(r"plant/meter\s*voltage_l3\s*138\s*200\.0\s*230\.0\s*95\.7\s*100\.0", text)
    assert "Outside EN 50160's voltage limits: plant/meter voltage_l1." in text
    assert re.search(r"plant/meter\s*8,280\s*50\.000\s*50\.800\s*99\.87\s*100\.00", text)
    assert re.search(r"plant/fan-sensor/vibration_r ?ms\s*1\.88\s*5\.00\s*33\.3\s*50\.0\s*14\.6\s*2\.1", text)
    assert re.search(r"plant/meter\s*02:59\s*\S*\s*04:00\s*1\.00", text.replace("2026-11-02 ", ""))
    book = openpyxl.load_workbook(workbook)
    voltage = [[c.value for c in row] for row in book["Voltage"].iter_rows(min_row=3)]
    assert voltage[0][:3] == ["plant/meter", "voltage_l1", 138] and voltage[0][5] == pytest.approx(126 / 1.38)
    devices = [[c.value for c in row] for row in book["Devices"].iter_rows(min_row=3)]
    assert devices[0][:4] == ["plant/meter", 51840, 49680, 2160]


def test_in_vietnamese(tmp_path: Path) -> None:
    text, _ = report(tmp_path, language="vi")
    assert "Chẩn đoán kỹ thuật" in text and "Chất lượng nguồn điện" in text
    assert re.search(r"plant/meter\s*voltage_l1\s*138\s*230,0\s*260,0\s*91,3", text), text


def test_a_day_without_readings_says_so_instead_of_showing_numbers(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.db", tmp_path / "d.key", create=True)
    try:
        write_diagnostics_day(db)
        before = diagnostics_figures(
            db,
            parse_site(SITE, "site.toml"),
            "plant",
            from_ms=DAY_BEFORE,
            to_ms=REPORT_DAY,
            day_bounds=(DAY_BEFORE, REPORT_DAY),
        )
    finally:
        db.close()
    assert [(v.intervals, v.within_narrow, v.lowest) for v in before.voltages] == [(0, None, None)] * 3
    assert [(f.windows, f.within_narrow) for f in before.frequencies] == [(0, None)]
    assert before.vibration[0].mean is None and before.vibration[0].zone_shares == ()
    assert [(g.device, g.from_ms, g.to_ms) for g in before.gaps] == [
        ("plant/fan-sensor", DAY_BEFORE, REPORT_DAY),
        ("plant/meter", DAY_BEFORE, REPORT_DAY),
    ]
    assert [c.good for c in before.communication] == [0, 0]


def test_sealed_hours_give_the_same_figures_from_their_ten_minute_rollups(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.db", tmp_path / "d.key", create=True)
    try:
        write_diagnostics_day(db)

        def figures() -> DiagnosticsFigures:
            return diagnostics_figures(
                db,
                parse_site(SITE, "site.toml"),
                "plant",
                from_ms=REPORT_DAY,
                to_ms=REPORT_END,
                day_bounds=(REPORT_DAY, REPORT_END),
            )

        rows = figures()
        seal_completed_hours(db, local_ms(2, 18))  # the day up to 18:00 sealed, the evening still rows
        with db.engine.connect() as conn:
            tens = conn.execute(text("SELECT COUNT(*) FROM rollup_10m")).scalar_one()
        sealed = figures()
    finally:
        db.close()
    assert tens == 18 * 6 * 7  # 7 points × 18 sealed hours × 6 (the silent hour has its failed readings)
    assert sealed.voltages == rows.voltages and sealed.unbalance == rows.unbalance
    assert sealed.harmonics == rows.harmonics and sealed.power_factors == rows.power_factors
