"""Scheduled reports: due at the site's hour, made once by one of several workstations, caught up."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.pipeline.runtime import Runtime
from app.reporting.schedules import ReportScheduler, due_periods, report_file
from app.site.config import ConfigError, SiteConfig, parse_site
from app.site.report_schedules import ReportSchedule
from storage.database import Database, open_database
from storage.postgres import open_postgresql
from tests.app.reporting.known_plant import HANOI, SITE_FILE, local_ms, write_known_plant
from tests.both_backends import Databases
from tests.conftest import wait_until

BERLIN = ZoneInfo("Europe/Berlin")
SCHEDULE = """
[[report_schedules]]
name = "daily-energy"
scope = "plant"
every = "day"
at = "06:00"
"""


def schedule(every: str, at: str = "06:00") -> ReportSchedule:
    return ReportSchedule(name="s", scope="plant", every=every, at=at)  # type: ignore[arg-type]


def labels(every: str, zone: ZoneInfo, now: datetime) -> list[str]:
    return [d.label for d in due_periods(schedule(every), zone, int(now.timestamp() * 1000))]


def test_a_period_is_due_at_the_site_s_hour_after_it_ends() -> None:
    assert labels("day", HANOI, datetime(2026, 11, 3, 5, 59, tzinfo=HANOI))[-1] == "2026-11-01"
    assert labels("day", HANOI, datetime(2026, 11, 3, 6, 0, tzinfo=HANOI))[-1] == "2026-11-02"
    assert len(labels("day", HANOI, datetime(2026, 11, 3, 6, 0, tzinfo=HANOI))) == 7
    assert labels("week", HANOI, datetime(2026, 11, 9, 6, 0, tzinfo=HANOI)) == [
        "2026-W42", "2026-W43", "2026-W44", "2026-W45",
    ]  # fmt: skip
    assert labels("month", HANOI, datetime(2026, 11, 1, 6, 0, tzinfo=HANOI)) == ["2026-09", "2026-10"]
    assert labels("month", HANOI, datetime(2026, 11, 1, 5, 0, tzinfo=HANOI)) == ["2026-08", "2026-09"]


def test_a_day_with_a_clock_change_is_a_day_of_the_site() -> None:
    (*_, autumn) = due_periods(
        schedule("day"), BERLIN, int(datetime(2026, 10, 26, 7, tzinfo=BERLIN).timestamp() * 1000)
    )
    assert autumn.label == "2026-10-25" and autumn.to_ms - autumn.from_ms == 25 * 3_600_000


def test_a_schedule_names_a_known_scope() -> None:
    wrong = SITE_FILE + SCHEDULE.replace('scope = "plant"', 'scope = "plant/pump"')
    with pytest.raises(
        ConfigError, match=r"report_schedules\[0\].scope: no device 'plant/pump' \(known: plant/meter\)"
    ):
        parse_site(wrong, "site.toml")
    late = SITE_FILE + SCHEDULE.replace('at = "06:00"', 'at = "25:00"')
    with pytest.raises(ConfigError, match="'25:00' is not a time of day"):
        parse_site(late, "site.toml")


def plant_with_schedule() -> SiteConfig:
    return parse_site(SITE_FILE + SCHEDULE, "site.toml")


def scheduler(db: Database, folder: Path, workstation: str, now: int) -> ReportScheduler:
    trail = AuditTrail(db, folder.parent / "audit.key", workstation=workstation)
    return ReportScheduler(trail, plant_with_schedule(), folder, clock=lambda: now)


def test_two_workstations_make_each_day_once_and_a_later_start_catches_up(
    databases: Databases, tmp_path: Path
) -> None:
    db = databases.new()
    write_known_plant(db)
    # A second workstation: its own connection to the same database.
    other = (
        open_postgresql(db.where) if db.path is None else open_database(db.path, db.path.with_suffix(".key"))
    )
    morning = local_ms(3, 7)
    left, right = (
        scheduler(db, tmp_path / "left", "left", morning),
        scheduler(other, tmp_path / "right", "right", morning),
    )
    made: dict[str, list[Path]] = {}

    def run(name: str, job: ReportScheduler) -> None:
        made[name] = [m.pdf for m in job.run_due()]

    threads = [threading.Thread(target=run, args=(n, j)) for n, j in (("left", left), ("right", right))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    everything = sorted(p.name for paths in made.values() for p in paths)
    assert everything == [
        "energy-plant-2026-11-02.pdf"
    ]  # a new schedule: its latest day, not the week before
    assert all(p.exists() for paths in made.values() for p in paths)
    assert left.run_due() == [] and right.run_due() == []  # nothing made twice
    other.close()

    later = scheduler(db, tmp_path / "left", "left", local_ms(5, 6, 30))  # two mornings missed
    caught_up = [m.pdf.name for m in later.run_due()]
    assert caught_up == ["energy-plant-2026-11-03.pdf", "energy-plant-2026-11-04.pdf"]
    records = AuditTrail(db, tmp_path / "audit.key").records(action_prefix=Action.REPORT_GENERATED.value)
    assert len(records) == 3 and {r.actor for r in records} == {"system"}


def test_the_report_of_a_day_says_what_the_day_counted(tmp_path: Path, databases: Databases) -> None:
    db = databases.new()
    write_known_plant(db)
    job = scheduler(db, tmp_path / "reports", "here", local_ms(3, 6))
    (*_, day) = job.run_due()
    assert day.pdf == report_file(
        tmp_path / "reports",
        due_periods(plant_with_schedule().file.report_schedules[0], HANOI, local_ms(3, 6))[-1],
    )
    text = "\n".join(page.extract_text() for page in PdfReader(day.pdf).pages)
    assert "2026-11-02 00:00 – 2026-11-03 00:00" in text and "245.0" in text
    assert day.xlsx is not None and day.xlsx.exists()


def test_a_failed_report_gives_its_claim_back(tmp_path: Path, databases: Databases) -> None:
    db = databases.new()
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "daily-energy").write_text("a file where the schedule's folder should be")
    job = scheduler(db, folder, "here", local_ms(3, 6))
    with pytest.raises(OSError):
        job.run_due()
    (folder / "daily-energy").unlink()
    assert [m.pdf.name for m in job.run_due()] == ["energy-plant-2026-11-02.pdf"]  # tried again, not lost


def test_a_running_collector_makes_the_due_report_into_the_data_folder(tmp_path: Path) -> None:
    db = open_database(tmp_path / "wattkeeper.db", tmp_path / "w.key", create=True)
    runtime = Runtime.build(plant_with_schedule(), db, key_file=tmp_path / "w.key", data_dir=tmp_path)
    yesterday = datetime.now(HANOI).date() - timedelta(days=1)
    expected = tmp_path / "reports" / "daily-energy" / f"energy-plant-{yesterday:%Y-%m-%d}.pdf"
    if datetime.now(HANOI).hour < 6:  # before the report's hour, the day before is the latest due
        expected = expected.with_name(f"energy-plant-{yesterday - timedelta(days=1):%Y-%m-%d}.pdf")
    runtime.start()
    try:
        wait_until(lambda: expected.exists() and expected.with_suffix(".xlsx").exists(), timeout=30)
    finally:
        runtime.stop()
        db.close()
    assert PdfReader(expected).pages[0].extract_text().startswith("Energy consumption analysis")
