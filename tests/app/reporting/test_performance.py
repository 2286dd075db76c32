"""The ISO 50006 indicator on a plant whose consumption follows its production exactly.

Ha Noi, October 2026. The plant works from 01:00 to 23:00 (nothing flows at night, so every
day's energy and production fall inside its own local day). Over the fourteen baseline days
it makes 10 + d tonnes on day d and uses 100 + 5 kWh per tonne: a perfect line. In the two
report days it makes 20 t and uses 180 kWh a day, where the line expects 200: 40 kWh saved.
The production counter is reset in the middle of day 7 and counts from zero again.
A second counter, of a line that has nothing to do with the consumption, gives a weak fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from app.accounts.actors import SYSTEM
from app.audit.trail import AuditTrail
from app.reporting.energy_figures import energy_figures
from app.reporting.performance import Performance
from app.reporting.service import ReportRequest, make_report
from app.site.config import parse_site
from drivers.base import Quality, Sample
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from tests.app.reporting.known_plant import HANOI

STEP_MS = 600_000
BASELINE_DAYS, REPORT_DAYS = 14, 2
RESET_AFTER = (7, 11, 50)  # the counter reads from zero after this reading (day, hour, minute)


def october(day: int, hour: int = 0, minute: int = 0) -> int:
    moment = datetime(2026, 10, 1, hour, minute, tzinfo=HANOI) + timedelta(days=day)
    return int(moment.timestamp() * 1000)


def tonnes(day: int) -> float:
    return 10.0 + day if day < BASELINE_DAYS else 20.0


def kwh(day: int) -> float:
    return 100.0 + 5.0 * tonnes(day) if day < BASELINE_DAYS else 180.0


def unrelated_tonnes(day: int) -> float:
    return 10.0 + (7 * day) % 5 if day < BASELINE_DAYS else 20.0


def site(point: str = "line/produced", last_baseline_day: int = 14) -> str:
    return f"""
[[sites]]
id = "plant"
name = "Ha Noi plant"
timezone = "Asia/Ho_Chi_Minh"

[sites.energy_performance]
variable = "production"
point = "{point}"
unit = "t"
baseline_from = 2026-10-01
baseline_to = 2026-10-{last_baseline_day:02d}

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"

[[sites.gateways.devices]]
id = "meter"
unit_id = 1
points = [{{ quantity = "energy_import", unit = "kWh", address = 0, type = "float32", table = "input" }}]

[[sites.gateways.devices]]
id = "line"
unit_id = 2
points = [
  {{ quantity = "produced", unit = "t", address = 0, type = "float32", table = "input" }},
  {{ quantity = "produced_b", unit = "t", address = 2, type = "float32", table = "input" }},
]
"""


def write_plant(db: Database) -> None:
    paths = ("plant/meter/energy_import", "plant/line/produced", "plant/line/produced_b")
    ids = db.ensure_points([(paths[0], "kWh"), (paths[1], "t"), (paths[2], "t")])
    totals = [0.0, 0.0, 0.0]
    batch = []
    for ts in range(october(0) - STEP_MS, october(BASELINE_DAYS + REPORT_DAYS) + STEP_MS, STEP_MS):
        flowed = ts - STEP_MS
        day = (flowed - october(0)) // 86_400_000
        working = october(day, 1) <= flowed < october(day, 23)
        if working:
            for i, per_day in enumerate((kwh(day), tonnes(day), unrelated_tonnes(day))):
                totals[i] += per_day / 132  # 22 working hours of six readings
        batch += [Sample(ids[p], ts, total, Quality.GOOD) for p, total in zip(paths, totals, strict=True)]
        if ts == october(*RESET_AFTER):
            totals[1] = 0.0
    ingest_batches(db, [batch])


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("enpi")
    db = open_database(folder / "p.db", folder / "p.key", create=True)
    write_plant(db)
    yield db
    db.close()


def indicator(db: Database, text: str) -> Performance:
    figures = energy_figures(
        db,
        parse_site(text, "site.toml"),
        "plant",
        from_ms=october(BASELINE_DAYS),
        to_ms=october(BASELINE_DAYS + REPORT_DAYS),
        zone=HANOI,
    )
    assert figures.performance is not None
    return figures.performance


def test_a_line_through_the_baseline_gives_expected_and_savings(database: Database) -> None:
    p = indicator(database, site())
    base = p.baseline
    assert base.intervals == 14 and base.valid
    assert base.slope == pytest.approx(5.0) and base.intercept == pytest.approx(100.0)
    assert base.r2 == pytest.approx(1.0) and base.cv_rmse == pytest.approx(0.0, abs=1e-6)
    assert [(i.variable, i.expected_kwh, i.actual_kwh) for i in p.intervals] == [
        (pytest.approx(20.0), pytest.approx(200.0), pytest.approx(180.0))
    ] * 2
    assert p.savings_kwh == pytest.approx(40.0)


def test_fewer_than_twelve_baseline_intervals_is_not_valid(database: Database) -> None:
    p = indicator(database, site(last_baseline_day=10))
    assert p.baseline.intervals == 10 and p.baseline.r2 == pytest.approx(1.0)
    assert not p.baseline.valid and p.savings_kwh is None
    assert p.expected_kwh == pytest.approx(400.0)


def test_a_weak_fit_is_not_valid(database: Database) -> None:
    p = indicator(database, site(point="line/produced_b"))
    assert p.baseline.intervals == 14 and p.baseline.r2 is not None and p.baseline.r2 < 0.5
    assert not p.baseline.valid and p.savings_kwh is None


def _report(db: Database, folder: Path, text: str) -> tuple[str, Path]:
    pdf = folder / "energy.pdf"
    request = ReportRequest(
        "energy",
        "plant",
        october(BASELINE_DAYS),
        october(BASELINE_DAYS + REPORT_DAYS),
        HANOI,
        pdf,
        pdf.with_suffix(".xlsx"),
    )
    made = make_report(AuditTrail(db, folder / "audit.key"), SYSTEM, parse_site(text, "site.toml"), request)
    assert made.xlsx is not None
    words = " ".join(page.extract_text() for page in PdfReader(made.pdf).pages)
    return " ".join(words.split()), made.xlsx


def test_the_report_shows_the_indicator_and_says_when_it_cannot_be_trusted(
    database: Database, tmp_path: Path
) -> None:
    text, workbook = _report(database, tmp_path, site())
    assert "Energy performance (ISO 50006)" in text
    assert "Model: kWh = 100.0 + 5.000 × production." in text
    assert re.search(r"Savings\s*40\.0\s*kWh", text) and re.search(r"R²\s*1\.000", text)
    assert "Baseline not valid" not in text
    sheet = openpyxl.load_workbook(workbook)["Performance"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[2][:2] == ["Savings", pytest.approx(40.0)]

    weak, _ = _report(database, tmp_path, site(last_baseline_day=10))
    reason = "only 10 baseline intervals have complete data; at least 12 are needed"
    assert f"Baseline not valid: {reason}." in weak
    assert re.search(r"Savings\s*–", weak)
