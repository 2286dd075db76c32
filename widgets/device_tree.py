"""The site's devices, with their communication state at a glance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QMenu, QTreeWidget, QTreeWidgetItem, QWidget

from app.pipeline.live_buffers import LiveBuffers
from app.site.config import PointInfo, SiteConfig
from drivers.base import Quality
from widgets.theme import quality_background

_PATH_ROLE = Qt.ItemDataRole.UserRole


class DeviceTree(QTreeWidget):
    """Selecting a site shows all its points; selecting a device shows its own."""

    scope_changed = Signal(list)
    #: A device's path, when the operator asks to test its connection.
    test_requested = Signal(str)
    #: A device's path, to edit the device or the gateway it is behind (offered to those who configure).
    edit_requested = Signal(str)
    gateway_edit_requested = Signal(str)

    def __init__(
        self, config: SiteConfig, live: LiveBuffers, point_ids: dict[str, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._live = live
        self._ids = point_ids
        self._points_of: dict[str, list[PointInfo]] = defaultdict(list)
        self.setHeaderLabels([self.tr("Device"), self.tr("Link")])
        self._device_items: list[QTreeWidgetItem] = []
        #: Whether the signed-in account may set up devices (the menu offers editing then).
        self.configurable = False
        for point in config.points:
            self._points_of[point.site].append(point)
            self._points_of[point.device_path].append(point)
        for site in config.file.sites:
            site_item = QTreeWidgetItem(self, [site.name or site.id, ""])
            site_item.setData(0, _PATH_ROLE, site.id)
            for gateway in site.gateways:
                for device in gateway.devices:
                    path = f"{site.id}/{device.id}"
                    item = QTreeWidgetItem(site_item, [device.name or device.id, self.tr("Waiting")])
                    item.setData(0, _PATH_ROLE, path)
                    item.setToolTip(0, path)
                    self._device_items.append(item)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.expandAll()
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.currentItemChanged.connect(self._on_current)

    def _context_menu(self, position: QPoint) -> None:
        item = self.itemAt(position)
        if item is None or item.parent() is None:
            return
        path = item.data(0, _PATH_ROLE)
        menu = QMenu(self)
        menu.addAction(self.tr("Test connection…"), lambda: self.test_requested.emit(path))
        if self.configurable:
            menu.addAction(self.tr("Edit device…"), lambda: self.edit_requested.emit(path))
            menu.addAction(self.tr("Edit its gateway…"), lambda: self.gateway_edit_requested.emit(path))
        menu.exec(self.viewport().mapToGlobal(position))

    def show_sites(self, visible: Callable[[str], bool]) -> None:
        """Show only the sites ``visible`` accepts (the signed-in account's), and select the first."""
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            item.setHidden(not visible(item.data(0, _PATH_ROLE)))
        self.setCurrentItem(None)
        self.scope_changed.emit([])
        self.select_first_site()

    def select_first_site(self) -> None:
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if not item.isHidden():
                self.setCurrentItem(item)
                return

    def current_device(self) -> str | None:
        """The selected device's path (None when a site or nothing is selected)."""
        item = self.currentItem()
        return item.data(0, _PATH_ROLE) if item is not None and item.parent() is not None else None

    def select_device(self, device_path: str) -> None:
        item = next((i for i in self._device_items if i.data(0, _PATH_ROLE) == device_path), None)
        if item is not None:
            self.setCurrentItem(item)

    def _on_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is not None:
            self.scope_changed.emit(self._points_of[current.data(0, _PATH_ROLE)])

    def device_state(self, device_path: str) -> Quality | None:
        return self._live.device_state([self._ids[p.path] for p in self._points_of[device_path]])

    def refresh(self) -> None:
        texts = {
            None: self.tr("Waiting"),
            Quality.GOOD: self.tr("OK"),
            Quality.COMM_ERROR: self.tr("Lost"),
        }
        for item in self._device_items:
            state = self.device_state(item.data(0, _PATH_ROLE))
            item.setText(1, texts.get(state, self.tr("Degraded")))
            color = quality_background(state)
            item.setBackground(1, color if color is not None else Qt.GlobalColor.transparent)
