"""The window's Site menu: gateways and devices set up in dialogs, and what a change put in force.

A saved dialog or a valid site file edited outside the window is applied to the running
pipeline (only the changed devices restart); the window then announces what changed and
is built again on the new configuration by its host. Only accounts with the right to
configure see the commands; the service checks the right again.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from app.accounts.actors import Actor, Right
from app.pipeline.runtime import Applied, Runtime
from app.pipeline.site_setup import put_edited_in_force
from app.site.changes import ACCOUNTS, ALARM_RULES, ALERTS, PRIVACY
from app.site.config import SiteConfig
from widgets.background import run_in_background
from widgets.device_setup import DeviceDialog, GatewayDialog

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

Dialog = TypeVar("Dialog", DeviceDialog, GatewayDialog)


class SiteSetupMenu(QObject):
    def __init__(self, window: MainWindow, runtime: Runtime) -> None:
        super().__init__(window)
        self._window = window
        self._runtime = runtime
        menu = window.menuBar().addMenu(self.tr("&Site"))
        self.add_device = QAction(self.tr("Add a device…"), window)
        self.add_device.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.add_device.triggered.connect(partial(self.open_device, None))
        self.edit_device = QAction(self.tr("Edit the selected device…"), window)
        self.edit_device.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_device.triggered.connect(self._edit_selected)
        self.add_gateway = QAction(self.tr("Add a gateway…"), window)
        self.add_gateway.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.add_gateway.triggered.connect(partial(self.open_gateway, None))
        self.actions = (self.add_device, self.edit_device, self.add_gateway)
        for action in self.actions:
            menu.addAction(action)
            window.addAction(action)
        window.devices.edit_requested.connect(self.open_device)
        window.devices.gateway_edit_requested.connect(self._edit_gateway_of)
        window.site_watch.edited.connect(self.apply_outside_edit)
        self.set_actor(window.actor)

    def set_actor(self, actor: Actor) -> None:
        allowed = actor.can(Right.CONFIGURE)
        for action in self.actions:
            action.setEnabled(allowed)
            action.setVisible(allowed)
        self._window.devices.configurable = allowed

    def open_device(self, device_path: str | None = None) -> DeviceDialog:
        dialog = DeviceDialog(self._runtime, self._window.actor, device_path, self._window)
        return self._opened(dialog)

    def open_gateway(self, gateway_path: str | None = None) -> GatewayDialog:
        dialog = GatewayDialog(self._runtime, self._window.actor, gateway_path, self._window)
        return self._opened(dialog)

    def _opened(self, dialog: Dialog) -> Dialog:
        dialog.saved.connect(lambda applied: self._announce(applied, outside=False))
        dialog.show()
        return dialog

    def _edit_selected(self) -> None:
        if (path := self._window.devices.current_device()) is not None:
            self.open_device(path)

    def _edit_gateway_of(self, device_path: str) -> None:
        for site, gateway, device in self._runtime.config.devices():
            if f"{site.id}/{device.id}" == device_path:
                self.open_gateway(f"{site.id}/{gateway.id}")
                return

    def apply_outside_edit(self, config: SiteConfig) -> None:
        """Put a site file edited in a text editor in force, on the thread pool: replacing drivers
        waits for their connections to close, which the window must not."""
        run_in_background(lambda: put_edited_in_force(self._runtime, config), self._outside_edit_done, self)

    def _outside_edit_done(self, result: object) -> None:
        if isinstance(result, Exception):
            self._window.show_site_notice(
                self.tr(
                    "The edited site file cannot be put in force; the running configuration stays: {problem}"
                ).format(problem=result)
            )
            return
        self._announce(result, outside=True)  # type: ignore[arg-type]

    def _announce(self, applied: Applied, *, outside: bool) -> None:
        """Say what the change put in force; the host then builds the window on it."""
        devices = applied.devices
        parts = [
            f"{label}: {', '.join(paths)}"
            for label, paths in (
                (self.tr("added"), devices.added),
                (self.tr("removed"), devices.removed),
                (self.tr("changed"), devices.changed),
                (self.tr("restarted"), applied.restarted),
            )
            if paths
        ]
        head = (
            self.tr("The site file was edited outside the window and is in force ({changes}).")
            if outside
            else self.tr("Saved and in force ({changes}); every other device kept polling.")
        )
        text = head.format(changes="; ".join(parts) or self.tr("no device changed"))
        waiting = {
            ALARM_RULES: self.tr("alarm rules"),
            ACCOUNTS: self.tr("account settings"),
            PRIVACY: self.tr("privacy settings"),
            ALERTS: self.tr("alerts"),
        }
        if applied.waiting:
            text += " " + self.tr("Changed {parts}: they apply when Wattkeeper is started again.").format(
                parts=", ".join(waiting[w] for w in applied.waiting)
            )
        self._window.site_changed.emit(text)
