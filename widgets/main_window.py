"""The first control-room window: devices, live values and a live trend.

One display timer drives every refresh; the trend redraws a few times a second, text
once a second, and nothing here waits on the network or the disk.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, provisional_actor
from app.alarms.annunciation import Annunciator
from app.alarms.states import AlarmEvent
from app.historian.trends import recorded_trend
from app.pipeline.connection_test import test_device
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from app.site.config import PointInfo
from app.timefmt import local_clock
from widgets.alarm_banner import AlarmBanner
from widgets.alarm_list import AlarmPanel
from widgets.alarm_outputs import TrayNotifier, play_sound
from widgets.alarm_signals import AlarmSignals
from widgets.connection_test import ConnectionTestDialog
from widgets.device_tree import DeviceTree
from widgets.fault_panel import FaultPanel
from widgets.live_values import LiveValuesModel, LiveValuesView
from widgets.theme import STYLE_SHEET
from widgets.trend import TrendView

FRAME_MS = 200
TEXT_EVERY_FRAMES = 5
DEFAULT_TREND_QUANTITY = "active_power"


class MainWindow(QMainWindow):
    def __init__(
        self,
        runtime: Runtime,
        plant: PlantControl | None = None,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        # Until accounts exist, the person at the desktop acts under their login name.
        self.actor = actor or provisional_actor(getpass.getuser())
        self.setWindowTitle(self.tr("Wattkeeper — {site}").format(site=self._site_name()))
        self.setStyleSheet(STYLE_SHEET)
        self.resize(1280, 800)

        self.devices = DeviceTree(runtime.config, runtime.live, runtime.point_ids)
        self.values_model = LiveValuesModel(runtime.live, runtime.point_ids, self)
        self.values_view = LiveValuesView(self.values_model)
        self.trend = TrendView(runtime.live, runtime.point_ids, partial(recorded_trend, runtime.db))

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.values_view)
        right.addWidget(self.trend)
        right.setSizes([420, 340])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.devices)
        body.addWidget(right)
        body.setSizes([360, 920])

        self._build_alarms(runtime)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._header())
        layout.addWidget(self.alarm_banner)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self.fault_panel: FaultPanel | None = None
        if plant is not None:
            self.fault_panel = FaultPanel(plant)
            dock = QDockWidget(self.tr("Simulated faults"), self)
            dock.setObjectName("faultDock")
            dock.setWidget(self.fault_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

        self.devices.scope_changed.connect(self._show_scope)
        self.devices.test_requested.connect(self.test_connection)
        self.values_view.selectionModel().selectionChanged.connect(self._on_row_selected)
        self._add_actions()

        self._frame = 0
        self._last_published = (time.monotonic(), runtime.bus.published)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_frame)
        self._timer.start(FRAME_MS)
        self.devices.select_first_site()
        self._select_default_trend()
        self._refresh_text()

    def _build_alarms(self, runtime: Runtime) -> None:
        """Banner, list, annunciation, and the signals that feed them from the alarm service."""
        self.notifier = TrayNotifier(self)
        self.annunciator = Annunciator(
            runtime.alarms.settings, runtime.config.file.alarm_rules, self.notifier, play_sound
        )
        self.alarm_banner = AlarmBanner(runtime.alarms, self.annunciator)
        self.alarm_panel = AlarmPanel(runtime.alarms, self.actor)
        self.alarm_signals = AlarmSignals(runtime.alarms, self)
        self.alarm_signals.journalled.connect(self._on_alarm_events)
        self._alarms_changed = True
        dock = QDockWidget(self.tr("Alarms"), self)
        dock.setObjectName("alarmDock")
        dock.setWidget(self.alarm_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)

    def _site_name(self) -> str:
        sites = self._runtime.config.file.sites
        return ", ".join(s.name or s.id for s in sites) or self.tr("No site configured")

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        title = QLabel(self._site_name(), objectName="siteTitle")
        self.clock = QLabel(objectName="clock")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.clock)
        return header

    def _add_actions(self) -> None:
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        full_screen = QAction(self.tr("Full screen"), self)
        full_screen.setShortcut(QKeySequence(Qt.Key.Key_F11))
        full_screen.triggered.connect(self._toggle_full_screen)
        self.addActions([quit_action, full_screen])

    def test_connection(self, device_path: str) -> ConnectionTestDialog:
        """Read the device once in the background and show what came back."""
        config = self._runtime.config
        dialog = ConnectionTestDialog(device_path, lambda: test_device(config, device_path), self)
        dialog.setModal(False)
        dialog.show()
        return dialog

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def _show_scope(self, points: list[PointInfo]) -> None:
        current = self.trend.point
        self.values_model.show_points(points)
        self.values_view.resizeColumnsToContents()
        if current is not None and (row := self.values_model.row_of(current.path)) is not None:
            self.values_view.selectRow(row)

    def _select_default_trend(self) -> None:
        points = self._runtime.config.points
        preferred = next(
            (p for p in points if p.quantity == DEFAULT_TREND_QUANTITY), points[0] if points else None
        )
        if preferred is not None and (row := self.values_model.row_of(preferred.path)) is not None:
            self.values_view.selectRow(row)

    def _on_row_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self.trend.show_point(self.values_model.point_at(min(rows)))

    def _on_alarm_events(self, events: Sequence[AlarmEvent]) -> None:
        """Journalled alarm events: sound and notify now, redraw on the next frame."""
        self.annunciator.on_events(events)
        self._alarms_changed = True

    def _on_frame(self) -> None:
        self._frame += 1
        self.trend.refresh()
        if self._alarms_changed:
            self._alarms_changed = False
            self.alarm_panel.refresh()
            self.alarm_banner.refresh()
        if self._frame % TEXT_EVERY_FRAMES == 0:
            self._refresh_text()

    def _refresh_text(self) -> None:
        self.alarm_banner.refresh()
        self.values_model.refresh()
        self.devices.refresh()
        if self.fault_panel is not None:
            self.fault_panel.refresh()
        now = time.monotonic()
        then, published = self._last_published
        rate = (self._runtime.bus.published - published) / max(now - then, 1e-3)
        self._last_published = (now, self._runtime.bus.published)
        self.clock.setText(local_clock(time.time_ns() // 1_000_000))
        writer = self._runtime.writer
        self.statusBar().showMessage(
            self.tr("{rate:.0f} samples/s · {written} recorded · {dropped} dropped · {db}").format(
                rate=rate, written=writer.written, dropped=writer.dropped, db=self._runtime.db.path
            )
        )
