"""Notices a site file edited outside the window while it runs, and hands on a valid one.

An engineer may edit the site file in a text editor while the control room runs. The window
checks the new text at once: a broken file is reported with every problem and where it is,
while the running configuration carries on untouched; a valid one is handed to the window,
which puts it in force (only the changed devices restart). The window's own saves change
the file too, but they are already running when the watch reads them, so they pass quietly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.site.config import ConfigError, SiteConfig, load_site

#: Editors write a file in several steps; the check waits this long after the last one.
SETTLE_MS = 300


class SiteWatch(QObject):
    #: What the operator should read about a broken edit ("" once the file matches the running one).
    notice = Signal(str)
    #: A valid site file that differs from the running one.
    edited = Signal(object)

    def __init__(self, running: Callable[[], SiteConfig], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = running
        self._troubled = False
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.check)
        path = running().path
        if path is not None:
            self._watcher.addPath(str(path))
            self._watcher.fileChanged.connect(self._changed)

    def _changed(self, path: str) -> None:
        if path not in self._watcher.files() and Path(path).exists():
            self._watcher.addPath(path)  # an editor that replaces the file ends the watch on the old one
        self._settle.start()

    def check(self) -> SiteConfig | str | None:
        """Read the site file again: the problems shown, the valid new configuration handed on
        (and returned), or None when it is the one running."""
        running = self._running()
        if running.path is None:
            return None
        try:
            edited = load_site(running.path)
        except ConfigError as exc:
            shown = exc.problems[:5] + ([self.tr("… and {count} more").format(count=len(exc.problems) - 5)]
                                        if len(exc.problems) > 5 else [])  # fmt: skip
            text = self.tr(
                "The site file was edited and has problems; the running configuration stays:\n{problems}"
            ).format(problems="\n".join(shown))
            self._troubled = True
            self.notice.emit(text)
            return text
        if self._troubled:  # the problems it showed are gone
            self._troubled = False
            self.notice.emit("")
        if edited.text == running.text:
            return None
        self.edited.emit(edited)
        return edited
