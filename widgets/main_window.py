"""The control-room window: overview, devices and live values, a trend, alarms — and who is signed in.

One display timer drives every refresh; the trend redraws a few times a second, text
once a second, and nothing here waits on the network or the disk.

Nobody acts without signing in. The window starts locked (or, on a database without
accounts, asks for its first administrator), locks itself after the site's idle time
and on Ctrl+L, and hands over between shifts with "Switch user" while collection goes
on. While locked, the alarm banner stays live and only acknowledging waits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelection, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right, RightMissingError
from app.accounts.guard import require
from app.accounts.service import Session
from app.alarms.annunciation import Annunciator
from app.alarms.states import AlarmEvent
from app.audit.actions import Action
from app.historian.trends import recorded_trend
from app.i18n import LANGUAGE_NAMES, current_language
from app.pipeline.connection_test import test_device
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from app.site.config import PointInfo
from app.site.diagrams import diagram_path
from app.timefmt import local_clock
from storage.alarm_journal import AlarmJournal
from widgets.alarm_banner import AlarmBanner
from widgets.alarm_history import AlarmHistoryDialog
from widgets.alarm_list import AlarmPanel
from widgets.alarm_outputs import TrayNotifier, play_sound
from widgets.alarm_signals import AlarmSignals
from widgets.command_palette import CommandPalette, Entry
from widgets.connection_test import ConnectionTestDialog
from widgets.device_tree import DeviceTree
from widgets.fault_panel import FaultPanel
from widgets.formatting import quantity_label
from widgets.live_values import LiveValuesModel, LiveValuesView
from widgets.lock_screen import LockScreen
from widgets.overview import OverviewPage
from widgets.plant_diagram import PlantDiagram
from widgets.session_menus import SessionMenus, role_label
from widgets.site_setup_menu import SiteSetupMenu
from widgets.site_watch import SiteWatch
from widgets.theme import palette, style_sheet, text_scale
from widgets.trend import TrendView, write_trend_csv

#: The display timer: twenty frames a second, so that the live trends' redraws (sixteen trends
#: drawing once a second each) fall one to a frame.
FRAME_MS = 50
LAYOUTS_GROUP = "trend_layouts"
TEXT_EVERY_FRAMES = 20
DEFAULT_TREND_QUANTITY = "active_power"
#: Whoever acts while nobody is signed in: nobody, with no rights at all.
NOBODY = Actor("nobody", "nobody", frozenset())


class MainWindow(QMainWindow):
    #: A language the operator chose ("en", "vi"): the host builds the window again in it.
    language_requested = Signal(str)
    #: A palette ("light", "night") and whether wall mode is on: the host builds the window again so.
    look_requested = Signal(str, bool)
    #: The operator closes the window: the host remembers its place and view.
    closing = Signal()
    #: A changed site file is in force (what changed, to announce): the host builds the window on it.
    site_changed = Signal(str)

    def __init__(
        self,
        runtime: Runtime,
        plant: PlantControl | None = None,
        parent: QWidget | None = None,
        *,
        session: Session | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._runtime = runtime
        #: Where this desk keeps its choices (trend layouts); the host passes its own.
        self.settings = settings if settings is not None else QSettings()
        self.people = runtime.people
        self.alerts = runtime.alerts
        self.config = runtime.config
        self.session: Session | None = None
        self.actor: Actor = NOBODY
        self.setWindowTitle(self.tr("Wattkeeper — {site}").format(site=self._site_name()))
        self.setStyleSheet(style_sheet())
        self.resize(1280, 800)
        #: The overview alone, large, for a screen on the wall (the alarm banner stays).
        self.wall_mode = text_scale() > 1.0
        self._handed_over = False

        body = self._build_plant(runtime)
        self._build_alarms(runtime)
        self.lock_screen = LockScreen(self.people.accounts, runtime.alarms)
        self.pages = QStackedWidget()
        self.pages.addWidget(body)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self._central(runtime))
        self._build_fault_panel(plant)

        self.devices.scope_changed.connect(self._show_scope)
        self.devices.test_requested.connect(self.test_connection)
        self.values_view.selectionModel().selectionChanged.connect(self._on_row_selected)
        self._add_actions()
        self.menus = SessionMenus(self, runtime.config.file.accounts.idle_lock_minutes)
        self.site_setup = SiteSetupMenu(self, runtime)

        self._frame = 0
        self._last_published = (time.monotonic(), runtime.bus.published)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_frame)
        self._timer.start(FRAME_MS)
        self._refresh_text()
        if session is not None:
            self.unlock(session)
        else:
            self.lock()

    def _central(self, runtime: Runtime) -> QWidget:
        """The header, the banners (alarms, the administrator's notes, an edited site file), the pages."""
        self.admin_banner = QLabel(objectName="adminBanner", wordWrap=True)
        self.admin_banner.hide()
        self.site_notice = QLabel(objectName="adminBanner", wordWrap=True)
        self.site_notice.hide()
        self.site_watch = SiteWatch(lambda: runtime.config, self)
        self.site_watch.notice.connect(self.show_site_notice)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._header())
        layout.addWidget(self.alarm_banner)
        layout.addWidget(self.admin_banner)
        layout.addWidget(self.site_notice)
        layout.addWidget(self.pages, 1)
        return central

    def _build_fault_panel(self, plant: PlantControl | None) -> None:
        self.fault_panel: FaultPanel | None = None
        self._fault_dock: QDockWidget | None = None
        if plant is not None:
            self.fault_panel = FaultPanel(plant)
            self._fault_dock = QDockWidget(self.tr("Simulated faults"), self)
            self._fault_dock.setObjectName("faultDock")
            self._fault_dock.setWidget(self.fault_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._fault_dock)

    def _build_plant(self, runtime: Runtime) -> QTabWidget:
        """The overview's tiles; and the points: devices, a filterable table, the trend."""
        self.overview = OverviewPage(runtime.config, runtime.live, runtime.point_ids)
        self.overview.point_chosen.connect(self.show_trend_of)
        self.devices = DeviceTree(runtime.config, runtime.live, runtime.point_ids)
        self.values_model = LiveValuesModel(runtime.live, runtime.point_ids, self)
        self.values_view = LiveValuesView(self.values_model)
        self.point_filter = QLineEdit(placeholderText=self.tr("Filter points: name, device or path (Ctrl+F)"))
        self.point_filter.setClearButtonEnabled(True)
        self.point_filter.textChanged.connect(self.values_view.filter_rows)
        self.trend = TrendView(runtime.live, runtime.point_ids, partial(recorded_trend, runtime.db))
        self.trend.pen_requested.connect(self.add_to_trend)
        self.trend.export_requested.connect(self._choose_trend_export)
        self.values_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.values_view.customContextMenuRequested.connect(self._point_menu)
        table = QWidget()
        table_layout = QVBoxLayout(table)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.point_filter)
        table_layout.addWidget(self.values_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(table)
        right.addWidget(self.trend)
        right.setSizes([300, 460])
        self.points_page = QSplitter(Qt.Orientation.Horizontal)
        self.points_page.addWidget(self.devices)
        self.points_page.addWidget(right)
        self.points_page.setSizes([360, 920])
        self.tabs = QTabWidget(objectName="viewTabs")
        self.tabs.addTab(self.overview, self.tr("Overview"))
        self.tabs.addTab(self.points_page, self.tr("Points and trend"))
        self.diagrams: list[tuple[str, PlantDiagram]] = []
        folder = runtime.config.path.parent if runtime.config.path is not None else None
        points = {p.path: (runtime.point_ids[p.path], p.unit) for p in runtime.config.points}
        for site in runtime.config.file.sites:
            for diagram in site.diagrams:
                view = PlantDiagram(
                    diagram_path(diagram, folder),
                    site.id,
                    {path: known for path, known in points.items() if path.startswith(f"{site.id}/")},
                    runtime.alarms.settings,
                )
                view.point_chosen.connect(self.show_trend_of)
                self.tabs.addTab(view, diagram.name)
                self.diagrams.append((site.id, view))
        return self.tabs

    def add_to_trend(self, path: str) -> None:
        """Add ``path`` to the trend as another pen (dropped on it, or from the point's menu)."""
        point = self.config.point(path)
        if point is not None and self.actor.sees_path(path):
            self.trend.add_pen(point)

    def _point_menu(self, position: QPoint) -> None:
        index = self.values_view.indexAt(position)
        if not index.isValid():
            return
        point = self.values_model.point_at(index.row())
        menu = QMenu(self)
        menu.addAction(self.tr("Trend it alone"), lambda: self.trend.show_point(point))
        menu.addAction(self.tr("Add to the trend"), lambda: self.add_to_trend(point.path))
        menu.exec(self.values_view.viewport().mapToGlobal(position))

    def _choose_trend_export(self, kind: str) -> None:
        filters = {"csv": self.tr("CSV (*.csv)"), "png": self.tr("PNG picture (*.png)")}
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the trend"), f"trend.{kind}", filters[kind]
        )
        if name:
            self.export_trend(Path(name))

    def export_trend(self, path: Path) -> int | None:
        """What the trend shows, as CSV (values in view) or PNG (by the file's suffix); audited.

        Data leaving the workstation needs the export right, as every export does.
        """
        try:
            require(self.people.trail, self.actor, Right.EXPORT_DATA, "trend")
            rows = self.trend.visible_rows()
            if path.suffix.lower() == ".png":
                if not self.trend.grab_chart().save(str(path)):
                    raise OSError(f"{path} cannot be written")
                fmt = "png"
            else:
                write_trend_csv(path, rows)
                fmt = "csv"
        except (RightMissingError, OSError) as exc:
            self.statusBar().showMessage(self.tr("Not exported: {problem}").format(problem=exc), 10_000)
            return None
        self.people.trail.record(
            self.actor,
            Action.DATA_EXPORTED,
            "trend",
            details={"points": [p.point.path for p in self.trend.pens], "format": fmt, "rows": len(rows),
                     "output": str(path)},
        )  # fmt: skip
        return len(rows)

    def show_trend_of(self, path: str) -> None:
        """Open the points view on ``path``'s device with its row selected and its trend drawn."""
        point = self.config.point(path)
        if point is None or not self.actor.sees_path(path):
            return
        self.tabs.setCurrentWidget(self.points_page)
        self.point_filter.clear()
        self.devices.select_device(point.device_path)
        if (row := self.values_model.row_of(path)) is not None:
            self.values_view.selectRow(row)

    # Who is signed in

    def lock(self, *, why: str = "locked", title: str | None = None) -> None:
        """End the session (if any) and show the lock screen; collection and the banner go on."""
        previous = self.session
        if previous is not None:
            self.people.accounts.sign_out(previous, why=why)
        self.session = None
        self._set_actor(NOBODY)
        self.menus.signed_out()
        self.lock_screen.set_title(title or (self.tr("Locked") if previous else self.tr("Sign in")))
        self.lock_screen.form.reset(
            previous.account.email if previous is not None and why != "switch user" else ""
        )
        self.pages.setCurrentWidget(self.lock_screen)
        self.alarm_dock.hide()
        if self._fault_dock is not None:
            self._fault_dock.hide()
        self.admin_banner.hide()

    def unlock(self, session: Session) -> None:
        """Show the plant to ``session``'s account, limited to what its role and sites allow."""
        self.session = session
        self._set_actor(session.actor)
        self.pages.setCurrentIndex(0)
        self.alarm_dock.setVisible(not self.wall_mode)
        if self._fault_dock is not None:
            self._fault_dock.setVisible(session.actor.can(Right.CONFIGURE) and not self.wall_mode)
        self.devices.show_sites(session.actor.sees_site)
        self.overview.show_sites(session.actor.sees_site)
        for site, view in self.diagrams:
            self.tabs.setTabVisible(self.tabs.indexOf(view), session.actor.sees_site(site))
        self._select_default_trend()
        self.menus.signed_in(session)

    def _set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.alarm_panel.set_actor(actor)
        self.site_setup.set_actor(actor)
        self.user_label.setText(
            ""
            if actor is NOBODY
            else self.tr("{user} · {role}").format(user=actor.display, role=role_label(actor.role))
        )

    def _build_alarms(self, runtime: Runtime) -> None:
        """Banner, list, annunciation, and the signals that feed them from the alarm service."""
        self.notifier = TrayNotifier(self)
        self.annunciator = Annunciator(
            runtime.alarms.settings, runtime.config.file.alarm_rules, self.notifier, play_sound
        )
        self.alarm_banner = AlarmBanner(runtime.alarms, self.annunciator)
        self.alarm_panel = AlarmPanel(runtime.alarms, NOBODY)
        self.alarm_signals = AlarmSignals(runtime.alarms, self)
        self.alarm_signals.journalled.connect(self._on_alarm_events)
        self._alarms_changed = True
        self.alarm_dock = QDockWidget(self.tr("Alarms"), self)
        self.alarm_dock.setObjectName("alarmDock")
        self.alarm_dock.setWidget(self.alarm_panel)
        self.alarm_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.alarm_dock)

    def _site_name(self) -> str:
        sites = self._runtime.config.file.sites
        return ", ".join(s.name or s.id for s in sites) or self.tr("No site configured")

    def _header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        title = QLabel(self._site_name(), objectName="siteTitle")
        self.clock = QLabel(objectName="clock")
        self.user_label = QLabel(objectName="userLabel")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.user_label)
        header.addWidget(self.clock)
        return header

    def _add_actions(self) -> None:
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        full_screen = QAction(self.tr("Full screen"), self)
        full_screen.setShortcut(QKeySequence(Qt.Key.Key_F11))
        full_screen.triggered.connect(self._toggle_full_screen)
        overview = QAction(self.tr("Overview"), self)
        overview.setShortcut(QKeySequence("Ctrl+1"))
        overview.triggered.connect(lambda: self.tabs.setCurrentWidget(self.overview))
        points = QAction(self.tr("Points and trend"), self)
        points.setShortcut(QKeySequence("Ctrl+2"))
        points.triggered.connect(lambda: self.tabs.setCurrentWidget(self.points_page))
        silence = QAction(self.tr("Silence alarm sounds"), self)
        silence.setShortcut(QKeySequence(Qt.Key.Key_F10))
        silence.triggered.connect(self.alarm_banner.mute.toggle)
        palette_action = QAction(self.tr("Quick search…"), self)
        palette_action.setShortcut(QKeySequence("Ctrl+K"))
        palette_action.triggered.connect(self.open_palette)
        history = QAction(self.tr("Alarm history…"), self)
        history.setShortcut(QKeySequence("Ctrl+H"))
        history.triggered.connect(self.open_alarm_history)
        find = QAction(self.tr("Filter points"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._focus_filter)
        self.addActions([quit_action, full_screen, overview, points, find, silence, history, palette_action])
        view = self.menuBar().addMenu(self.tr("&View"))
        for action in (palette_action, overview, points, find, history, silence, full_screen):
            view.addAction(action)
        save_layout = view.addAction(self.tr("Save the trend's layout…"))
        save_layout.triggered.connect(self._ask_layout_name)
        self.layouts_menu = view.addMenu(self.tr("Trend layouts"))
        self.layouts_menu.aboutToShow.connect(self._fill_layouts_menu)
        languages = view.addMenu(self.tr("Language"))
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGE_NAMES.items():  # each in its own words, whatever the window's language
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(partial(self.language_requested.emit, code))
            self.language_actions[code] = action
        self.night_action = view.addAction(self.tr("Night theme"))
        self.night_action.setCheckable(True)
        self.night_action.setChecked(palette().name == "night")
        self.night_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.wall_action = view.addAction(self.tr("Wall mode: the overview, large, full screen"))
        self.wall_action.setCheckable(True)
        self.wall_action.setChecked(self.wall_mode)
        self.wall_action.setShortcut(QKeySequence("Ctrl+Shift+W"))
        for action in (self.night_action, self.wall_action):
            self.addAction(action)
            action.triggered.connect(self._look_chosen)

    def _look_chosen(self) -> None:
        night = self.night_action.isChecked()
        self.look_requested.emit("night" if night else "light", self.wall_action.isChecked())

    def save_trend_layout(self, name: str) -> None:
        """Keep the trend's pens, span and comparison under ``name`` on this desk."""
        self.settings.setValue(f"{LAYOUTS_GROUP}/{name}", json.dumps(self.trend.layout_state()))

    def trend_layouts(self) -> list[str]:
        self.settings.beginGroup(LAYOUTS_GROUP)
        try:
            return sorted(self.settings.childKeys())
        finally:
            self.settings.endGroup()

    def restore_trend_layout(self, name: str) -> None:
        """Show the layout saved as ``name``; the points it names that the site no longer has are said."""
        saved = self.settings.value(f"{LAYOUTS_GROUP}/{name}")
        if saved is None:
            return
        self.tabs.setCurrentWidget(self.points_page)
        visible = lambda path: self.config.point(path) if self.actor.sees_path(path) else None  # noqa: E731
        missing = self.trend.restore_layout(json.loads(str(saved)), visible)
        if missing:
            self.statusBar().showMessage(
                self.tr("Layout {name}: no longer in the site file: {points}").format(
                    name=name, points=", ".join(missing)
                ),
                10_000,
            )

    def _ask_layout_name(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save the trend's layout"), self.tr("Name"))
        if ok and name.strip():
            self.save_trend_layout(name.strip().replace("/", "-"))

    def _fill_layouts_menu(self) -> None:
        self.layouts_menu.clear()
        for name in self.trend_layouts():
            self.layouts_menu.addAction(name, partial(self.restore_trend_layout, name))
        if self.layouts_menu.isEmpty():
            self.layouts_menu.addAction(self.tr("None saved yet")).setEnabled(False)

    def show_site_notice(self, text: str) -> None:
        self.site_notice.setText(text)
        self.site_notice.setVisible(bool(text))

    def open_palette(self) -> CommandPalette | None:
        """Points, devices and the window's commands, found by typing (Ctrl+K); nothing while locked."""
        if self.session is None:
            return None
        entries = [
            Entry(
                self.tr("Trend: {device} · {point}").format(
                    device=p.device, point=p.name or quantity_label(p.quantity)
                ),
                p.path,
                partial(self.show_trend_of, p.path),
            )
            for p in self.config.points
            if self.actor.sees_path(p.path)
        ]
        entries += [
            Entry(self.tr("Device: {name}").format(name=device.name or device.id), f"{site.id}/{device.id}",
                  partial(self._show_device, f"{site.id}/{device.id}"))
            for site, _gateway, device in self.config.devices()
            if self.actor.sees_site(site.id)
        ]  # fmt: skip
        seen: set[str] = set()
        for action in self.findChildren(QAction):
            text = action.text().replace("&", "")
            if text and action.isEnabled() and action.isVisible() and text not in seen and not action.menu():
                seen.add(text)
                entries.append(Entry(text, action.shortcut().toString(), action.trigger))
        palette = CommandPalette(entries, self)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        palette.show()
        return palette

    def _show_device(self, device_path: str) -> None:
        self.tabs.setCurrentWidget(self.points_page)
        self.point_filter.clear()
        self.devices.select_device(device_path)

    def open_alarm_history(self) -> AlarmHistoryDialog | None:
        """The journal of the last day, for whoever is signed in; nobody while locked."""
        if self.session is None:
            return None
        people = self.people
        dialog = AlarmHistoryDialog(
            AlarmJournal(self._runtime.db), people.trail, people.accounts.names, self.actor, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.points_page)
        self.point_filter.setFocus()
        self.point_filter.selectAll()

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
        self.values_view.filter_rows()
        self.values_view.resizeColumnsToContents()
        if current is not None and (row := self.values_model.row_of(current.path)) is not None:
            self.values_view.selectRow(row)

    def _select_default_trend(self) -> None:
        points = [p for p in self._runtime.config.points if self.actor.sees_path(p.path)]
        preferred = next(
            (p for p in points if p.quantity == DEFAULT_TREND_QUANTITY), points[0] if points else None
        )
        if preferred is not None and (row := self.values_model.row_of(preferred.path)) is not None:
            self.values_view.selectRow(row)

    def _on_row_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self.trend.show_point(self.values_model.point_at(min(rows)))

    def hand_over(self) -> Session | None:
        """Give up the session to the window that replaces this one, without signing out, and close.

        The new window (another language) keeps the operator signed in; this one stops drawing
        and stops hearing alarms before it goes.
        """
        session, self.session = self.session, None
        self._handed_over = True
        self._timer.stop()
        self.alarm_signals.detach()
        self.close()
        return session

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._handed_over:
            self.closing.emit()
        if self.session is not None:
            self.people.accounts.sign_out(self.session, why="window closed")
            self.session = None
        super().closeEvent(event)

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
        if self.session is None:
            self.lock_screen.refresh()
        self.values_model.refresh()
        self.devices.refresh()
        self.overview.refresh()
        current = self.tabs.currentWidget()
        if isinstance(current, PlantDiagram) and self.session is not None:
            current.refresh(self._runtime.live.latest, self._runtime.alarms.alarms())
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
