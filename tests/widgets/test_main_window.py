"""The first window on a live simulated plant, driven through real widgets."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from storage.queries import StoredSample, raw_samples
from tests.people_fixtures import ENGINEER, OPERATOR, seed_staff
from widgets.live_values import LiveValuesModel
from widgets.main_window import MainWindow


def cell(window: MainWindow, path: str, column: int) -> str:
    model = window.values_model
    row = model.row_of(path)
    assert row is not None, path
    return str(model.data(model.index(row, column)))


def test_live_values_and_trend_follow_the_plant(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    window = MainWindow(runtime, PlantControl(plant), session=seed_staff(runtime.people)[ENGINEER])
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.points_page)
    voltage = "demo-plant/main-meter/voltage_l1"
    qtbot.waitUntil(lambda: cell(window, voltage, LiveValuesModel.QUALITY) == "Good", timeout=10_000)
    assert 220 < float(cell(window, voltage, LiveValuesModel.VALUE)) < 240
    assert window.trend.point is not None and window.trend.point.quantity == "active_power"
    qtbot.waitUntil(lambda: window.trend.samples_shown() >= 3, timeout=10_000)

    window.fault_panel.boxes["over-voltage"].click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: float(cell(window, voltage, LiveValuesModel.VALUE)) > 253, timeout=10_000)

    window.fault_panel.boxes["meter-silent"].click()  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: cell(window, voltage, LiveValuesModel.QUALITY) == "No communication", timeout=10_000
    )
    assert cell(window, voltage, LiveValuesModel.VALUE) == "—"
    meter_item = window.devices.topLevelItem(0).child(0)
    qtbot.waitUntil(lambda: meter_item.text(1) == "Lost", timeout=5_000)


def test_selecting_a_row_moves_the_trend(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.points_page)
    row = window.values_model.row_of("demo-plant/hall-sensor/vibration_rms")
    assert row is not None
    window.values_view.selectRow(row)
    assert (
        window.trend.point is not None and window.trend.point.path == "demo-plant/hall-sensor/vibration_rms"
    )
    qtbot.waitUntil(lambda: window.trend.samples_shown() >= 2, timeout=10_000)


def test_selecting_a_device_narrows_the_table(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    site = window.devices.topLevelItem(0)
    window.devices.setCurrentItem(site.child(1))  # the generator
    devices = {window.values_model.point_at(r).device for r in range(window.values_model.rowCount())}
    assert devices == {"genset"}
    window.devices.setCurrentItem(site)
    assert window.values_model.rowCount() == len(runtime.config.points)


def test_connection_test_dialog_reads_the_device(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    dialog = window.test_connection("demo-plant/genset")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.finished_result is not None, timeout=15_000)
    rows = {
        dialog.view.table.item(r, 0).text(): dialog.view.table.item(r, 2).text()
        for r in range(dialog.view.table.rowCount())
    }
    assert rows["Engine speed"] == "Good"
    assert "9 of 9 values read (1 Modbus request(s))" in dialog.view.status.text()


def test_fault_panel_shows_a_fault_that_started_on_its_own(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    window = MainWindow(runtime, PlantControl(plant), session=seed_staff(runtime.people)[ENGINEER])
    qtbot.addWidget(window)
    box = window.fault_panel.boxes["fuel-drop"]  # type: ignore[union-attr]
    assert not box.isChecked()
    plant.model.set_fault(Fault.FUEL_DROP, True)  # what a scheduled --fault NAME@SECONDS does
    qtbot.waitUntil(box.isChecked, timeout=5_000)
    plant.model.set_fault(Fault.FUEL_DROP, False)
    qtbot.waitUntil(lambda: not box.isChecked(), timeout=5_000)
    assert not plant.model.has_fault(Fault.FUEL_DROP)


def test_a_history_span_draws_what_the_historian_recorded(qtbot: QtBot, runtime: Runtime) -> None:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.points_page)
    path = "demo-plant/main-meter/active_power"
    assert window.trend.point is not None and window.trend.point.path == path
    qtbot.waitUntil(lambda: len(recorded(runtime, path)) >= 4, timeout=15_000)
    window.trend.span_box.setCurrentIndex(1)  # 1 hour
    assert window.trend.span.seconds == 3600
    qtbot.waitUntil(lambda: len(window.trend.curve_data()[0]) >= 4, timeout=10_000)
    x, y = window.trend.curve_data()
    stored = {s.ts_ms: s.value for s in recorded(runtime, path)}
    drawn = dict(zip((np.round(x * 1000)).astype(int).tolist(), y.tolist(), strict=True))
    assert drawn.items() <= stored.items()  # every point drawn is a recorded sample, value for value
    window.trend.span_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.trend.samples_shown() >= 1, timeout=5_000)


def recorded(runtime: Runtime, path: str) -> list[StoredSample]:
    return raw_samples(runtime.db, path, 0, 2**62)
