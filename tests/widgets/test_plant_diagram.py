"""The shipped single-line diagram on the live simulated plant: values, a breaker, alarms, clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from app.site.alarm_rules import AlarmSettings, Priority
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from tests.people_fixtures import ENGINEER, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.main_window import MainWindow
from widgets.plant_diagram import PlantDiagram

VOLTAGE = "demo-plant/main-meter/voltage_l1"


def diagram_of(window: MainWindow) -> PlantDiagram:
    (_site, view), *_ = window.diagrams
    window.tabs.setCurrentWidget(view)
    return view


def test_the_diagram_follows_the_plant_and_opens_trends(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant, tmp_path: Path
) -> None:
    window = MainWindow(runtime, PlantControl(plant), session=seed_staff(runtime.people)[ENGINEER])
    qtbot.addWidget(window)
    window.show()
    window.resize(1400, 900)
    view = diagram_of(window)
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Single-line diagram" and view.unknown == []
    qtbot.waitUntil(lambda: view.text_of(VOLTAGE).endswith(" V"), timeout=10_000)
    assert 220 < float(view.text_of(VOLTAGE).split()[0]) < 240
    qtbot.waitUntil(
        lambda: view.attribute_of("genset-breaker", "fill") == "#1f1f1f", timeout=10_000
    )  # running

    plant.model.set_fault(Fault.OVER_VOLTAGE, True)
    high = runtime.alarms.settings.style(Priority.HIGH).colour
    qtbot.waitUntil(lambda: view.attribute_of("incomer", "stroke") == high, timeout=20_000)
    assert (
        view.attribute_of("incomer", "stroke-dasharray") == "10 5"
    )  # unacknowledged: dashed, not colour alone

    window.fault_panel.boxes["meter-silent"].click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "✕ No communication" in view.text_of(VOLTAGE), timeout=10_000)
    save_screenshot(view, tmp_path, "diagram.png")

    hall = next(
        b
        for b in view.bindings
        if b.path == "demo-plant/hall-sensor/vibration_rms" and b.kind == "data-point"
    )
    bounds = view._renderer.boundsOnElement(hall.id)
    area, box = view.canvas.drawn_area(), view._renderer.viewBoxF()
    centre = QPointF(
        area.x() + (bounds.center().x() - box.x()) * area.width() / box.width(),
        area.y() + (bounds.center().y() - box.y()) * area.height() / box.height(),
    )
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=centre.toPoint())
    assert (
        window.trend.point is not None and window.trend.point.path == "demo-plant/hall-sensor/vibration_rms"
    )
    assert window.tabs.currentWidget() is window.points_page


def test_an_svg_naming_unknown_points_lists_them_and_shows_the_rest(qtbot: QtBot, tmp_path: Path) -> None:
    svg = tmp_path / "d.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<text x="5" y="20" data-point="meter/voltage">-</text>'
        '<text x="5" y="40" data-point="meter/nonsense">-</text>'
        '<rect id="pump/flow" x="60" y="10" width="20" height="20"/></svg>',
        encoding="utf-8",
    )
    view = PlantDiagram(svg, "s", {"s/meter/voltage": (1, "V")}, AlarmSettings())
    qtbot.addWidget(view)
    assert view.unknown == ["meter/nonsense"] and [b.path for b in view.bindings] == ["s/meter/voltage"]
    assert view.warning.text() == "This diagram names points the site file does not have: meter/nonsense."

    bomb = tmp_path / "bomb.svg"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', encoding="utf-8"
    )
    refused = PlantDiagram(bomb, "s", {}, AlarmSettings())
    qtbot.addWidget(refused)
    assert "cannot be shown: it declares a document type" in refused.warning.text() and not refused.bindings
