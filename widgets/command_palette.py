"""Quick search (Ctrl+K): type a few letters of a point, a device or a command and press Enter.

An operator with a keyboard should never hunt through menus or trees: every point opens its
trend, every device its points, and every command of the window runs from here. Words may
come in any order and match any part of a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

#: The most entries listed at once; typing narrows the rest.
SHOWN = 60


@dataclass(frozen=True)
class Entry:
    text: str
    #: Extra words that find the entry without being shown (a path, a shortcut).
    words: str
    run: Callable[[], None]


class CommandPalette(QDialog):
    def __init__(self, entries: list[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Quick search"))
        self.resize(640, 420)
        self.entries = entries
        self.search = QLineEdit(placeholderText=self.tr("Point, device or command…"))
        self.results = QListWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textChanged.connect(self._narrow)
        self.results.itemActivated.connect(self._run)
        self.search.installEventFilter(self)
        self._narrow("")

    def shown(self) -> list[str]:
        return [self.results.item(i).text() for i in range(self.results.count())]

    def _narrow(self, text: str) -> None:
        words = text.lower().split()
        self.results.clear()
        for index, entry in enumerate(self.entries):
            haystack = f"{entry.text} {entry.words}".lower()
            if all(w in haystack for w in words):
                item = QListWidgetItem(entry.text)
                item.setData(Qt.ItemDataRole.UserRole, index)
                self.results.addItem(item)
                if self.results.count() >= SHOWN:
                    break
        self.results.setCurrentRow(0)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Up and Down move in the list while the typing stays in the search field."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.results.count():
                row = (self.results.currentRow() + step) % self.results.count()
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_current()
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def run_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._run(item)

    def _run(self, item: QListWidgetItem) -> None:
        entry = self.entries[item.data(Qt.ItemDataRole.UserRole)]
        self.accept()
        entry.run()
