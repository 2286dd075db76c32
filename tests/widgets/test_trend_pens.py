"""Several pens on the trend: charts per unit on one time axis, a cursor that reads them, drops, export."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.audit.actions import Action
from app.pipeline.live_buffers import LiveBuffers
from app.pipeline.runtime import Runtime
from app.site.config import PointInfo
from drivers.base import Quality, Sample, SampleBatch, now_ms
from storage.ingest import ingest_batches
from tests.people_fixtures import ENGINEER, VIEWER, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.main_window import MainWindow
from widgets.trend import POINT_MIME, TrendView, decimate

POWER, VOLTS_1, VOLTS_2 = (f"demo-plant/main-meter/{q}" for q in ("active_power", "voltage_l1", "voltage_l2"))


def points_window(qtbot: QtBot, runtime: Runtime, who: str) -> MainWindow:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[who])
    qtbot.addWidget(window)
    window.show()
    window.resize(1400, 900)
    window.tabs.setCurrentWidget(window.points_page)
    window.trend.show_point(runtime.config.point(POWER))  # type: ignore[arg-type]
    return window


def test_pens_of_two_units_get_two_charts_and_the_cursor_reads_each(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    window = points_window(qtbot, runtime, ENGINEER)
    trend = window.trend
    window.add_to_trend(VOLTS_1)
    window.add_to_trend(VOLTS_2)
    window.add_to_trend(VOLTS_1)  # once only
    assert [p.point.path for p in trend.pens] == [POWER, VOLTS_1, VOLTS_2]
    assert len({id(p.chart) for p in trend.pens}) == 2  # kW above, V below, one time axis
    qtbot.waitUntil(
        lambda: all(len(trend.curve_data(p)[0]) >= 5 for p in (POWER, VOLTS_1, VOLTS_2)), timeout=15_000
    )

    x, y = trend.curve_data(VOLTS_1)
    at = float(x[-3])
    trend.set_cursor(at)
    values = {pen.point.path: value for pen, value in trend.values_at(at)}
    assert values[VOLTS_1] == y[-3]
    assert f"Voltage L1 {float(y[-3]):,.1f} V" in trend.readout.text()
    save_screenshot(window, tmp_path, "trend-pens.png")

    out = tmp_path / "trend.csv"
    count = window.export_trend(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert count == len(rows) - 1 > 0 and rows[0] == ["time", "point", "value", "min", "max"]
    assert {r[1] for r in rows[1:]} == {POWER, VOLTS_1, VOLTS_2}
    record = runtime.people.trail.records(action_prefix=Action.DATA_EXPORTED.value)[-1]
    assert record.target == "trend" and record.details is not None and record.details["rows"] == count
    png = tmp_path / "trend.png"
    assert window.export_trend(png) is not None and png.stat().st_size > 5_000

    chip = trend.pen_bar.itemAt(1).widget()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert [p.point.path for p in trend.pens] == [POWER, VOLTS_2]


def test_a_point_dragged_from_the_table_becomes_a_pen(qtbot: QtBot, runtime: Runtime) -> None:
    window = points_window(qtbot, runtime, ENGINEER)
    window.devices.select_device("demo-plant/main-meter")
    row = window.values_model.row_of(VOLTS_2)
    assert row is not None
    data = window.values_model.mimeData([window.values_model.index(row, 0)])
    assert bytes(data.data(POINT_MIME).data()).decode() == VOLTS_2
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.trend.dropEvent(drop)
    assert [p.point.path for p in window.trend.pens] == [POWER, VOLTS_2]


def test_a_viewer_sees_the_trend_but_may_not_take_it_away(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    window = points_window(qtbot, runtime, VIEWER)
    qtbot.waitUntil(lambda: np.isfinite(window.trend.curve_data()[1]).sum() >= 2, timeout=10_000)
    assert window.export_trend(tmp_path / "t.csv") is None and not (tmp_path / "t.csv").exists()
    refused = runtime.people.trail.records(action_prefix=Action.RIGHT_REFUSED.value)
    assert refused[-1].target == "trend"


def test_the_same_time_yesterday_is_drawn_faint_beside_today(qtbot: QtBot, runtime: Runtime) -> None:
    point_id = runtime.point_ids[VOLTS_2]
    day_ago = now_ms() - 86_400_000
    yesterday = [Sample(point_id, day_ago - s * 1000, 222.0, Quality.GOOD) for s in range(1, 300)]
    ingest_batches(runtime.db, [yesterday])
    window = points_window(qtbot, runtime, ENGINEER)
    window.trend.show_point(runtime.config.point(VOLTS_2))  # type: ignore[arg-type]
    window.trend.compare_box.setCurrentIndex(1)  # same time yesterday, over the live span
    qtbot.waitUntil(lambda: len(window.trend.earlier_data(VOLTS_2)[0]) > 0, timeout=10_000)
    x, y = window.trend.earlier_data(VOLTS_2)
    assert set(np.round(y[np.isfinite(y)], 3).tolist()) == {222.0}
    assert abs(x[-1] - now_ms() / 1000) < 120  # moved onto today's span


def test_a_trend_layout_is_saved_by_name_and_shown_again(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    window = MainWindow(runtime, session=seed_staff(runtime.people)[ENGINEER], settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.trend.show_point(runtime.config.point(POWER))  # type: ignore[arg-type]
    window.add_to_trend(VOLTS_1)
    window.trend.span_box.setCurrentIndex(2)
    window.trend.compare_box.setCurrentIndex(2)
    window.save_trend_layout("incomer")
    window.trend.show_point(runtime.config.point(VOLTS_2))  # type: ignore[arg-type]
    window.trend.span_box.setCurrentIndex(0)

    settings.setValue(
        "trend_layouts/old", '{"pens": ["demo-plant/main-meter/gone", "' + POWER + '"], "span": 1}'
    )
    assert window.trend_layouts() == ["incomer", "old"]
    window.restore_trend_layout("incomer")
    assert [p.point.path for p in window.trend.pens] == [POWER, VOLTS_1]
    assert (window.trend.span_box.currentIndex(), window.trend.compare_box.currentIndex()) == (2, 2)
    window.restore_trend_layout("old")
    assert [p.point.path for p in window.trend.pens] == [POWER]
    assert "no longer in the site file: demo-plant/main-meter/gone" in window.statusBar().currentMessage()


def test_panning_into_history_loads_that_stretch_and_back_to_now_follows_again(
    qtbot: QtBot, runtime: Runtime
) -> None:
    point_id = runtime.point_ids[VOLTS_2]
    three_days_ago = now_ms() // 60_000 * 60_000 - 3 * 86_400_000
    old = [Sample(point_id, three_days_ago + s * 10_000, 219.5, Quality.GOOD) for s in range(360)]  # one hour
    ingest_batches(runtime.db, [old])
    window = points_window(qtbot, runtime, ENGINEER)
    trend = window.trend
    trend.show_point(runtime.config.point(VOLTS_2))  # type: ignore[arg-type]
    trend.span_box.setCurrentIndex(1)  # the last hour
    chart = trend.pens[0].chart
    chart.vb.disableAutoRange(axis="x")  # as dragging the axis does
    chart.setXRange(three_days_ago / 1000 - 600, three_days_ago / 1000 + 4200, padding=0)
    qtbot.waitUntil(lambda: trend.viewing is not None and not trend._loading, timeout=10_000)
    qtbot.waitUntil(lambda: len(trend.curve_data()[0]) > 0, timeout=10_000)
    x, y = trend.curve_data()
    assert set(np.round(y[np.isfinite(y)], 2).tolist()) == {219.5}
    assert three_days_ago / 1000 - 600 <= x.min() and x.max() <= three_days_ago / 1000 + 4200
    assert trend.now_button.isVisible()

    trend.now_button.click()
    assert trend.viewing is None and not trend.now_button.isVisible()
    qtbot.waitUntil(lambda: len(trend.curve_data()[0]) > 0, timeout=10_000)
    assert trend.curve_data()[0].min() > now_ms() / 1000 - 3700  # the last hour again


def test_a_day_of_live_samples_is_drawn_per_pixel_column_keeping_a_spike_and_a_gap() -> None:
    times = np.arange(86_400, dtype=np.float64)
    values = np.full(86_400, 230.0)
    values[50_000] = 260.0  # a one-second spike
    values[70_000:71_000] = np.nan  # a gap of a quarter-hour and more
    x, y = decimate(times, values, 1000)
    assert len(x) == len(y) <= 2000 and np.nanmax(y) == 260.0
    assert np.isnan(y).any() and np.nanmin(y) == 230.0
    assert x[-1] == 86_399  # the newest sample stays the last drawn
    short_x, _ = decimate(times[:500], values[:500], 1000)
    assert len(short_x) == 500  # fewer samples than columns: all of them


def test_a_live_trend_draws_again_only_when_a_pixel_column_of_time_has_passed(qtbot: QtBot) -> None:
    live = LiveBuffers([1], 86_400)
    start = now_ms() - 86_400_000
    live.on_batch(SampleBatch("d", [Sample(1, start + s * 1000, 1.0, Quality.GOOD) for s in range(86_400)]))
    path = "s/d/active_power"
    view = TrendView(live, {path: 1}, None, window_samples=86_400)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.show_point(PointInfo(path, "s", "gw", "d", "s/d", "active_power", "kW", "", None))  # type: ignore[arg-type]
    assert view.refresh() is False  # drawn as the pen was added, nothing new to draw yet
    assert len(view.curve_data()[0]) <= 2 * view._graphs.width()
    qtbot.waitUntil(view.refresh, timeout=1_500)  # a day on 600 pixels: again within the second
    assert view.refresh() is False
