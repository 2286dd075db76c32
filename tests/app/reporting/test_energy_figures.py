"""The energy analysis of a plant day known to the watt-second, read from a real encrypted historian."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.reporting.energy_figures import EnergyFigures, energy_figures
from app.reporting.meters import ScopeError
from app.site.config import parse_site
from drivers.base import Quality, Sample
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from tests.app.reporting.known_plant import (
    COUNTER,
    DAY_BEFORE,
    GAP,
    HANOI,
    POWER,
    REPORT_DAY,
    REPORT_END,
    SITE_FILE,
    local_ms,
    site,
    write_known_plant,
)


@pytest.fixture(scope="module")
def historian(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("known-plant")
    db = open_database(folder / "plant.db", folder / "plant.key", create=True)
    write_known_plant(db)
    yield db
    db.close()


@pytest.fixture(scope="module")
def day(historian: Database) -> EnergyFigures:
    return energy_figures(historian, site(), "plant", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)


def test_the_day_totals_what_was_drawn_across_the_reset_and_the_gap(day: EnergyFigures) -> None:
    assert day.title == "Ha Noi plant" and [m.meter.device for m in day.meters] == ["plant/meter"]
    assert day.total_kwh == pytest.approx(245.0, abs=1e-6)
    assert day.daily == ((REPORT_DAY, pytest.approx(245.0, abs=1e-6)),)
    assert day.heat[0][3] is None and day.heat[0][4] is None  # nothing read: no hour made up
    assert day.heat[0][5] == pytest.approx(30.0, abs=0.01)  # the two silent hours land where reading resumes
    assert day.heat[0][18] == pytest.approx(15.0, abs=0.01)
    assert day.previous_kwh == pytest.approx(240.0, abs=1e-6)
    assert day.year_before_kwh is None


def test_peak_demand_is_the_known_quarter_hour_and_never_the_one_after_the_gap(day: EnergyFigures) -> None:
    top = day.peaks_15[0]
    assert (top.start_ms, top.minutes) == (local_ms(2, 18, 15), 15)
    assert top.kw == pytest.approx(30.0, abs=0.05)  # a reading a second: the quarter starts one second late
    assert all(p.kw < 31 for p in day.peaks_15)  # 05:00 carries 22.5 kWh (90 kW) but follows a silence
    assert len(day.peaks_15) == 5 and day.peaks_15[1].kw == pytest.approx(10.0, abs=0.05)
    half = day.peaks_30[0]
    assert (half.start_ms, half.minutes, round(half.kw, 1)) == (local_ms(2, 18), 30, 20.0)
    assert day.coverage == pytest.approx(87 / 96)  # 8 silent quarter-hours and the one that ends the silence


def test_the_silence_is_listed_with_its_times(day: EnergyFigures) -> None:
    assert day.meters[0].gaps == ((GAP[0] - 1000, GAP[1]),)


def test_base_load_load_factor_and_power_factor(day: EnergyFigures) -> None:
    assert day.base_load_kw == pytest.approx(10.0, abs=1e-6)
    assert day.base_load_share == pytest.approx(240 / 245, abs=1e-6)
    average = (86 * 2.5 + 7.5) / 21.75  # the 87 quarter-hours read throughout
    assert day.load_factor == pytest.approx(average / 20.0, abs=1e-3)
    meter = day.meters[0]
    assert meter.hours_below_limit == 2.0
    assert meter.power_factor_min == pytest.approx(0.8)
    assert meter.power_factor_mean == pytest.approx((80 * 0.95 + 8 * 0.8) / 88)  # the 88 quarter-hours read


def test_the_counters_agree_with_integrated_power(day: EnergyFigures) -> None:
    check = day.cross_check
    assert check is not None and check.hours == 21  # every hour but the silent two and the one after
    assert check.difference is not None and abs(check.difference) < 0.001


def test_cost_by_band_demand_and_fixed_charge_and_emissions(day: EnergyFigures) -> None:
    cost = day.cost
    assert cost is not None and cost.tariff == "EVN manufacturing, 22-110 kV"
    used = {b.name: round(b.kwh, 3) for b in cost.bands}
    assert used == {"peak": 55.0, "off-peak": 50.0, "normal": 140.0}  # the gap's energy is priced at 05:00
    assert cost.energy == pytest.approx(50 * 1146 + 55 * 3266 + 140 * 1811, abs=0.5)
    assert [(m.share, round(m.peak_kw or 0, 1)) for m in cost.months] == [(pytest.approx(1 / 30), 20.0)]
    assert cost.demand == pytest.approx(20 * 100_000 / 30, rel=1e-3)
    assert cost.fixed == pytest.approx(1_000_000 / 30)
    assert day.co2_kg == pytest.approx(245.0 * 0.6592) and day.emission_source.startswith("Viet Nam")


def test_a_period_without_readings_says_so_instead_of_counting_zero(historian: Database) -> None:
    empty = energy_figures(
        historian, site(), "plant", from_ms=DAY_BEFORE - 86_400_000, to_ms=DAY_BEFORE - 3_600_000, zone=HANOI
    )
    assert empty.total_kwh is None and empty.peaks_15 == () and empty.load_factor is None
    assert all(kwh is None for _day, kwh in empty.daily) and empty.base_load_kw is None
    assert empty.cost is not None and empty.cost.energy == 0 and empty.cross_check is None


def test_an_unknown_scope_names_the_known_ones(historian: Database) -> None:
    with pytest.raises(ScopeError, match=r"no site 'mill' in the site file \(sites: plant\)"):
        energy_figures(historian, site(), "mill", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)
    with pytest.raises(ScopeError, match=r"no device 'plant/pump'.*plant/meter"):
        energy_figures(historian, site(), "plant/pump", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)


def test_a_device_report_counts_that_device(historian: Database) -> None:
    device = energy_figures(
        historian, site(), "plant/meter", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI
    )
    assert device.total_kwh == pytest.approx(245.0, abs=1e-6) and device.title == "plant/meter"


BERLIN_SITE = SITE_FILE.replace('timezone = "Asia/Ho_Chi_Minh"', 'timezone = "Europe/Berlin"')


def metered(
    db: Database, start: int, end: int, kw: float, *, quality: Quality = Quality.GOOD, every_s: int = 10
) -> None:
    """A meter drawing ``kw`` in [start, end), read every ``every_s`` (the first reading counts nothing)."""
    ids = db.ensure_points([(COUNTER, "kWh"), (POWER, "kW")])
    reading, batch = 0.0, []
    for ts in range(start, end, every_s * 1000):
        batch += [
            Sample(ids[COUNTER], ts, reading if quality == Quality.GOOD else None, quality),
            Sample(ids[POWER], ts, kw if quality == Quality.GOOD else None, quality),
        ]
        reading += kw * every_s / 3600
    ingest_batches(db, [batch])


def test_a_day_with_a_clock_change_has_its_25_hours(tmp_path: Path) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    day = int(datetime(2026, 10, 25, tzinfo=berlin).timestamp() * 1000)
    after = int(datetime(2026, 10, 26, tzinfo=berlin).timestamp() * 1000)
    assert after - day == 25 * 3_600_000
    db = open_database(tmp_path / "b.db", tmp_path / "b.key", create=True)
    try:
        metered(db, day - 10_000, after + 10_000, 4.0)
        figures = energy_figures(
            db, parse_site(BERLIN_SITE, "site.toml"), "plant", from_ms=day, to_ms=after, zone=berlin
        )
    finally:
        db.close()
    assert figures.total_kwh == pytest.approx(100.0)  # 25 hours at 4 kW
    assert len(figures.daily) == 1 and figures.heat[0][2] == pytest.approx(8.0)  # 02:00 happened twice
    assert figures.coverage == 1.0 and figures.meters[0].gaps == ()


def test_a_meter_added_mid_period_and_one_that_only_failed(tmp_path: Path) -> None:
    db = open_database(tmp_path / "m.db", tmp_path / "m.key", create=True)
    try:
        metered(db, local_ms(2, 12), REPORT_END + 10_000, 10.0)  # installed at noon
        half = energy_figures(db, site(), "plant", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)
    finally:
        db.close()
    assert half.total_kwh == pytest.approx(120.0 - 10 / 360)  # its first reading counts nothing
    assert half.meters[0].gaps == ((REPORT_DAY, local_ms(2, 12)),)
    assert half.coverage == pytest.approx(47 / 96)  # the first quarter read has nothing before it
    assert half.heat[0][11] is None and half.heat[0][12] == pytest.approx(10.0 - 10 / 360)

    db = open_database(tmp_path / "f.db", tmp_path / "f.key", create=True)
    try:
        metered(db, REPORT_DAY, REPORT_END, 10.0, quality=Quality.COMM_ERROR)
        failed = energy_figures(db, site(), "plant", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)
    finally:
        db.close()
    assert failed.total_kwh is None and failed.meters[0].kwh is None and failed.peaks_15 == ()
    assert failed.meters[0].gaps == ((REPORT_DAY, REPORT_END),) and failed.coverage == 0.0


def test_a_meter_read_every_ten_minutes_is_not_silent_between_readings(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db", tmp_path / "s.key", create=True)
    try:
        metered(db, REPORT_DAY - 600_000, REPORT_END + 600_000, 10.0, every_s=600)
        slow = energy_figures(db, site(), "plant", from_ms=REPORT_DAY, to_ms=REPORT_END, zone=HANOI)
    finally:
        db.close()
    assert slow.total_kwh == pytest.approx(240.0) and slow.meters[0].gaps == ()
    assert slow.coverage == 1.0  # every quarter-hour holds a reading ten minutes after the one before
