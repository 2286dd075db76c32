"""The overview's tiles on a live simulated plant: values that follow it, failures shown as failures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from app.timefmt import local_clock
from simulator.plant import SimulatedPlant
from tests.people_fixtures import ENGINEER, OPERATOR, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.main_window import MainWindow
from widgets.overview import ValueCell

VOLTAGE = "demo-plant/main-meter/voltage_l1"


def cell(window: MainWindow, path: str) -> ValueCell:
    tile = window.overview.tile(path.rsplit("/", 1)[0])
    return next(c for c in tile.cells if c.point.path == path)


def test_a_tile_per_device_with_its_key_values(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentWidget() is window.overview
    assert [t.device_path for t in window.overview.tiles] == [
        "demo-plant/main-meter",
        "demo-plant/genset",
        "demo-plant/pv-inverter",
        "demo-plant/hall-sensor",
    ]
    meter = window.overview.tile("demo-plant/main-meter")
    assert [c.point.quantity for c in meter.cells] == [
        "active_power",
        "voltage_l1",
        "frequency",
        "power_factor",
    ]
    qtbot.waitUntil(lambda: cell(window, VOLTAGE).property("quality") == "good", timeout=10_000)
    volts, unit = cell(window, VOLTAGE).value.text().split()
    assert 220 < float(volts) < 240 and unit == "V"
    assert meter.state.text() == "● Communicating"
    running = cell(window, "demo-plant/genset/running")
    qtbot.waitUntil(lambda: running.value.text() == "On", timeout=10_000)  # a switch in words, not 1.000


def test_a_silent_meter_never_looks_like_a_good_one(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant, tmp_path: Path
) -> None:
    window = MainWindow(runtime, PlantControl(plant), session=seed_staff(runtime.people)[ENGINEER])
    qtbot.addWidget(window)
    window.show()
    voltage = cell(window, VOLTAGE)
    qtbot.waitUntil(lambda: voltage.property("quality") == "good", timeout=10_000)
    window.fault_panel.boxes["meter-silent"].click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: voltage.property("quality") == "bad", timeout=10_000)
    latest = runtime.live.latest(runtime.point_ids[VOLTAGE])
    assert latest is not None and latest.good_ts_ms is not None and latest.ts_ms > latest.good_ts_ms
    assert voltage.state.text() == f"No communication\nlast good {local_clock(latest.good_ts_ms)}"
    assert voltage.value.font().strikeOut()  # the last good value, struck through
    assert window.overview.tile("demo-plant/main-meter").state.text() == "✕ No communication"
    genset = window.overview.tile("demo-plant/genset")
    assert genset.state.text() == "● Communicating" and not genset.cells[0].value.font().strikeOut()
    window.resize(1400, 900)
    save_screenshot(window, tmp_path, "overview.png")


def test_clicking_a_value_opens_its_trend(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    path = "demo-plant/hall-sensor/vibration_rms"
    qtbot.mouseClick(cell(window, path), Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.points_page
    assert window.trend.point is not None and window.trend.point.path == path
    devices = {window.values_model.point_at(r).device for r in range(window.values_model.rowCount())}
    assert devices == {"hall-sensor"}


def test_the_point_table_filters_by_words(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.points_page)
    window.devices.select_first_site()
    qtbot.keyClicks(window.point_filter, "hall VIB")

    def shown() -> list[str]:
        model = window.values_model
        return [
            model.point_at(r).path for r in range(model.rowCount()) if not window.values_view.isRowHidden(r)
        ]

    assert shown() == ["demo-plant/hall-sensor/vibration_rms"]
    window.point_filter.setText("main-meter thd")
    assert len(shown()) == 6 and all("_thd_" in p for p in shown())
    window.devices.select_device("demo-plant/genset")  # a new scope keeps the filter
    assert shown() == []
    window.point_filter.clear()
    assert len(shown()) == window.values_model.rowCount() > 0


def test_quick_search_opens_a_trend_and_runs_a_command(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    palette = window.open_palette()
    assert palette is not None
    qtbot.keyClicks(palette.search, "hall vib")
    assert palette.shown()[0] == "Trend: hall-sensor · Vibration RMS"
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert (
        window.trend.point is not None and window.trend.point.path == "demo-plant/hall-sensor/vibration_rms"
    )
    assert window.tabs.currentWidget() is window.points_page

    palette = window.open_palette()
    assert palette is not None
    qtbot.keyClicks(palette.search, "overview")
    assert palette.shown()[0] == "Overview"  # then "Wall mode: the overview, …"
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.overview
    palette = window.open_palette()
    assert palette is not None
    qtbot.keyClicks(palette.search, "diesel")
    assert palette.shown() == ["Device: Diesel generator"]
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    devices = {window.values_model.point_at(r).device for r in range(window.values_model.rowCount())}
    assert devices == {"genset"}
