"""Device operations on a generator day known to the second, from a real encrypted historian and journal.

Monday 2 November 2026 in Ha Noi, one reading every 10 s of the generator's running flag,
fuel level and power; the generator does not answer from 03:00 to 06:00 (3 h of 24: 87.5 %
available), runs 08:00–10:00 and 14:00–15:30 (3.5 h, two starts), burns 10 and then 5 points
of its tank and is refilled by 20 points at 12:00. Its alarms: the high one activates at 08:00
(acknowledged after 5 min) and 09:00 (after 1 min) and chatters once; the low one activates at
10:00 and is never acknowledged; a third is shelved from 12:00 to 14:00.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.accounts.actors import SYSTEM
from app.audit.trail import AuditTrail
from app.reporting.operations_figures import OperationsFigures, operations_figures
from app.reporting.service import ReportRequest, make_report
from app.site.config import parse_site
from drivers.base import Quality, Sample
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from tests.app.reporting.known_plant import HANOI, REPORT_DAY, REPORT_END, local_ms

SITE = """
[[sites]]
id = "plant"
name = "Ha Noi plant"
timezone = "Asia/Ho_Chi_Minh"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"

[[sites.gateways.devices]]
id = "genset"
unit_id = 2
interval_s = 10
points = [
  { quantity = "running", unit = "", address = 0, type = "uint16", table = "holding" },
  { quantity = "fuel_level", unit = "%", address = 1, type = "uint16", table = "holding" },
  { quantity = "active_power", unit = "kW", address = 2, type = "uint16", table = "holding" },
]
"""
RUNNING, FUEL, POWER = (f"plant/genset/{q}" for q in ("running", "fuel_level", "active_power"))
RUNS = ((local_ms(2, 8), local_ms(2, 10)), (local_ms(2, 14), local_ms(2, 15, 30)))


def fuel_at(ts: int) -> float:
    level = 80.0
    for (start, end), burn in zip(RUNS, (10.0, 5.0), strict=True):
        level -= burn * min(max(ts - start, 0), end - start) / (end - start)
    return level + (20.0 if ts >= local_ms(2, 12) else 0.0)


def write_generator_day(db: Database) -> None:
    ids = db.ensure_points([(RUNNING, ""), (FUEL, "%"), (POWER, "kW")])
    batch = []
    for ts in range(REPORT_DAY, REPORT_END, 10_000):
        if local_ms(2, 3) <= ts < local_ms(2, 6):
            batch += [Sample(ids[p], ts, None, Quality.COMM_ERROR) for p in (RUNNING, FUEL, POWER)]
            continue
        running = any(start <= ts < end for start, end in RUNS)
        batch += [
            Sample(ids[RUNNING], ts, 1.0 if running else 0.0, Quality.GOOD),
            Sample(ids[FUEL], ts, fuel_at(ts), Quality.GOOD),
            Sample(ids[POWER], ts, 40.0 if running else 0.0, Quality.GOOD),
        ]
    ingest_batches(db, [batch])
    journal = AlarmJournal(db)
    rows = journal.register(
        [
            AlarmDefinition(
                "genset-coolant-high", "plant/genset/active_power", "high", "high", "Coolant hot"
            ),
            AlarmDefinition("genset-fuel-low", FUEL, "low", "low", "Fuel low"),
            AlarmDefinition("genset-stopped", RUNNING, "digital", "medium", "Stopped"),
        ]
    )
    high, low, stopped = (rows[k].id for k in ("genset-coolant-high", "genset-fuel-low", "genset-stopped"))

    def event(alarm: int, at: int, kind: str, before: str, after: str) -> EventRow:
        return EventRow(
            alarm, at, kind, before, after, "system" if kind != "acknowledged" else "anna@plant.example"
        )

    journal.append(
        [
            event(high, local_ms(2, 8), "activated", "normal", "unacknowledged"),
            event(high, local_ms(2, 8, 5), "acknowledged", "unacknowledged", "acknowledged"),
            event(high, local_ms(2, 8, 30), "returned", "acknowledged", "normal"),
            event(high, local_ms(2, 9), "activated", "normal", "unacknowledged"),
            event(high, local_ms(2, 9, 1), "acknowledged", "unacknowledged", "acknowledged"),
            event(high, local_ms(2, 9, 10), "chattering", "acknowledged", "acknowledged"),
            event(high, local_ms(2, 9, 30), "returned", "acknowledged", "normal"),
            event(low, local_ms(2, 10), "activated", "normal", "unacknowledged"),
            event(stopped, local_ms(2, 12), "shelved", "normal", "shelved"),
            event(stopped, local_ms(2, 14), "unshelved", "shelved", "normal"),
        ]
    )


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> OperationsFigures:
    folder: Path = tmp_path_factory.mktemp("generator")
    db = open_database(folder / "g.db", folder / "g.key", create=True)
    try:
        write_generator_day(db)
        return operations_figures(
            db, parse_site(SITE, "site.toml"), "plant", from_ms=REPORT_DAY, to_ms=REPORT_END
        )
    finally:
        db.close()


def test_availability_running_hours_starts_and_fuel(day: OperationsFigures) -> None:
    (genset,) = day.devices
    assert genset.device == "plant/genset"
    assert genset.availability == pytest.approx(21 / 24)
    assert genset.bad_readings == 3 * 3 * 360  # three points, three hours, every 10 s
    assert genset.running_hours == pytest.approx(3.5)
    assert genset.starts == 2
    assert genset.fuel_used_points == pytest.approx(15.0, abs=0.01) and genset.refills == 1


def test_alarm_counts_acknowledgement_time_and_what_stands(day: OperationsFigures) -> None:
    assert day.activations == 3 and day.by_priority == {"high": 2, "low": 1, "medium": 0}
    assert day.acknowledged == 2 and day.mean_ack_s == pytest.approx(180.0)
    assert [(a.key, a.activations) for a in day.bad_actors] == [
        ("genset-coolant-high", 2),
        ("genset-fuel-low", 1),
    ]
    by_key = {a.key: a for a in day.alarms}
    assert by_key["genset-coolant-high"].chattering == 1 and by_key["genset-coolant-high"].mean_ack_s == 180.0
    assert by_key["genset-stopped"].shelved_hours == pytest.approx(2.0)
    assert day.standing == ("genset-fuel-low",)


def test_the_alarm_rate_against_eemua(day: OperationsFigures) -> None:
    assert day.rate_per_10_min == pytest.approx(3 / 144) and day.peak_per_10_min == 1
    assert day.flood_share == 0.0


def report(tmp_path: Path, name: str, *, xlsx: bool = False, language: str = "en") -> tuple[str, Path | None]:
    """The operations report of the generator day, made through the service: its text and workbook."""
    db = open_database(tmp_path / "g.db", tmp_path / "g.key", create=True)
    try:
        write_generator_day(db)
        pdf = tmp_path / f"{name}.pdf"
        book = pdf.with_suffix(".xlsx") if xlsx else None
        request = ReportRequest("operations", "plant", REPORT_DAY, REPORT_END, HANOI, pdf, book, language)
        made = make_report(
            AuditTrail(db, tmp_path / "audit.key"), SYSTEM, parse_site(SITE, "site.toml"), request
        )
    finally:
        db.close()
    return "\n".join(page.extract_text() for page in PdfReader(made.pdf).pages), made.xlsx


def test_the_operations_report_says_it_on_paper(tmp_path: Path) -> None:
    text, workbook = report(tmp_path, "ops", xlsx=True)
    assert "Device operations" in text and "Ha Noi plant" in text
    assert re.search(r"plant/genset\s*87\.5\s*3,240\s*3\.50\s*2\s*15\.0\s*1", text), text
    assert re.search(r"Mean time to acknowledge\s*180\s*s", text)
    assert "Standing at the end of the period: genset-fuel-low." in text
    assert re.search(r"genset-coolant-\s*high\s*high\s*2\s*1\s*180\s*0\.00", text)  # the name may wrap
    assert workbook is not None
    sheet = openpyxl.load_workbook(workbook)["Devices"]
    assert [c.value for c in sheet[3]][:3] == ["plant/genset", pytest.approx(87.5), 3240]


def test_in_vietnamese(tmp_path: Path) -> None:
    text, _ = report(tmp_path, "vi", language="vi")
    assert "Vận hành thiết bị" in text and "Thời gian xác nhận trung bình" in text
    assert re.search(r"plant/genset\s*87,5\s*3\.240\s*3,50", text), text
