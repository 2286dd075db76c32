"""Notices a site file edited outside the window while it runs, and says what that means.

An engineer may edit the site file in a text editor while the control room runs. The window
checks the new text at once: a broken file is reported with every problem and where it is,
while the running configuration carries on untouched; a valid one is announced with the
devices it adds, removes or changes, to take effect when the collection is started again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.site.config import ConfigError, SiteConfig, load_site

#: Editors write a file in several steps; the check waits this long after the last one.
SETTLE_MS = 300


def device_changes(running: SiteConfig, edited: SiteConfig) -> tuple[list[str], list[str], list[str]]:
    """The devices ``edited`` adds, removes and changes against ``running`` (``site/device``)."""
    before = {
        f"{s.id}/{d.id}": (g.model_dump(exclude={"devices"}), d.model_dump()) for s, g, d in running.devices()
    }
    after = {
        f"{s.id}/{d.id}": (g.model_dump(exclude={"devices"}), d.model_dump()) for s, g, d in edited.devices()
    }
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(d for d in set(before) & set(after) if before[d] != after[d])
    return added, removed, changed


class SiteWatch(QObject):
    #: What the operator should read about the edited file ("" once it matches the running one).
    notice = Signal(str)

    def __init__(self, running: SiteConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = running
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.check)
        if running.path is not None:
            self._watcher.addPath(str(running.path))
            self._watcher.fileChanged.connect(self._changed)

    def _changed(self, path: str) -> None:
        if path not in self._watcher.files() and Path(path).exists():
            self._watcher.addPath(path)  # an editor that replaces the file ends the watch on the old one
        self._settle.start()

    def check(self) -> str:
        """Read the site file again and say what it means for the running window."""
        path = self._running.path
        if path is None:
            return ""
        try:
            edited = load_site(path)
        except ConfigError as exc:
            shown = exc.problems[:5] + ([self.tr("… and {count} more").format(count=len(exc.problems) - 5)]
                                        if len(exc.problems) > 5 else [])  # fmt: skip
            text = self.tr(
                "The site file was edited and has problems; the running configuration stays:\n{problems}"
            ).format(problems="\n".join(shown))
            self.notice.emit(text)
            return text
        if edited.text == self._running.text:
            self.notice.emit("")
            return ""
        added, removed, changed = device_changes(self._running, edited)
        parts = []
        for label, devices in (
            (self.tr("added"), added),
            (self.tr("removed"), removed),
            (self.tr("changed"), changed),
        ):
            if devices:
                parts.append(f"{label}: {', '.join(devices)}")
        text = self.tr(
            "The site file was edited ({changes}); it applies when the collection is started again."
        ).format(changes="; ".join(parts) or self.tr("no device changed"))
        self.notice.emit(text)
        return text
